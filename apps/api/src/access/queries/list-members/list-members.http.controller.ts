import { Controller, Get, Param } from '@nestjs/common';
import { AccessDirectory } from '@tracker/read-models';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { Readers } from '../../auth/permissions';

@Controller('api/programmes/:programmeId/members')
export class ListMembersHttpController {
  constructor(
    private readonly directory: AccessDirectory,
    private readonly programmes: ProgrammeFactsReader,
  ) {}

  @Get()
  @Readers()
  async list(@Param('programmeId') programmeId: string) {
    await this.programmes.read(programmeId);
    const items = this.directory.members(programmeId).map(({ userId, role }) => {
      const user = this.directory.userById(userId);
      return { userId, role, email: user?.email, name: user?.name };
    });
    return { items };
  }
}
