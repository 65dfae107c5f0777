import { Controller, Get, Param, Query } from '@nestjs/common';
import { KIND_OF_REGISTER, NotFoundError } from '@tracker/domain';
import { Readers } from '../../../access/auth/permissions';
import { asOfEcho, atOf } from '../../../readiness/as-of.request.dto';
import { ProgrammeViews } from '../../../readiness/programme-views';
import { page } from '../../../shared/page.request.dto';
import { ListRegisterRequest } from './list-register.request.dto';


@Readers()
@Controller('api/programmes/:programmeId')
export class ListRegisterHttpController {
  constructor(private readonly views: ProgrammeViews) {}

  /** A register's items in reference order, each with its readiness and the reasons for it — now, or at `asOf` / `validAt`. */
  @Get(':register')
  async list(@Param('programmeId') programmeId: string, @Param('register') register: string, @Query() query: ListRegisterRequest) {
    const kind = KIND_OF_REGISTER.get(register);
    if (kind === undefined) throw new NotFoundError('register', register);
    const { view, readiness } = await this.views.judged(programmeId, atOf(query));
    const judged = new Map(readiness.items.map((item) => [item.itemId, item]));
    const items = view.items
      .filter((item) => item.kind === kind)
      .map(({ itemId, reference, details, steps, version }) => {
        const { status, reasons } = judged.get(itemId)!;
        return { id: itemId, reference, details, steps, version, readiness: { status, reasons } };
      })
      .filter((item) => query.readiness === undefined || item.readiness.status === query.readiness);
    return { ...page(items, query), ...asOfEcho(query) };
  }
}
