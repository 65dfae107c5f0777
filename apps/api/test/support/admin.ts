import { userIdFor } from '../../src/access/commands/create-user/create-user.handler';

export const ADMIN_USER_ID = userIdFor('admin@localhost');
