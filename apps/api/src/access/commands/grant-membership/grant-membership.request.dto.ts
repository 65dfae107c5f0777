import { PROGRAMME_ROLES, ProgrammeRole } from '@tracker/domain';
import { OneOf, Text } from '../../../shared/validation';

export class GrantMembershipRequest {
  @Text(100)
  userId!: string;

  @OneOf(PROGRAMME_ROLES, { description: 'adviser: records; board: decides; auditor: reads everything, writes nothing' })
  role!: ProgrammeRole;
}
