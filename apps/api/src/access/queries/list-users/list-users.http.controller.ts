import { Controller, Get } from '@nestjs/common';
import { AccessDirectory } from '@tracker/read-models';
import { AdministratorsOnly } from '../../auth/permissions';

/** Straight from the access directory: a look-up this small needs no query bus. */
@Controller('api/users')
export class ListUsersHttpController {
  constructor(private readonly directory: AccessDirectory) {}

  @Get()
  @AdministratorsOnly()
  list() {
    return { items: this.directory.users().map(({ id, email, name, administrator, disabled }) => ({ id, email, name, administrator, disabled })) };
  }
}
