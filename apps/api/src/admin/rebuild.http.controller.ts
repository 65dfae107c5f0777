import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { EventStore } from '@tracker/event-store';
import { ProjectionRunner } from '@tracker/read-models';
import { AdministratorsOnly } from '../access/auth/permissions';
import { EVENT_STORE } from '../infrastructure/tokens';
import { NoFields } from '../shared/validation';

/** Rebuilds every read model from the first event, in this process, and answers once caught up. */
@AdministratorsOnly()
@Controller('api/admin/rebuild')
export class RebuildHttpController {
  constructor(
    private readonly projections: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post()
  @HttpCode(200)
  async rebuild(@Body(NoFields) _body: unknown): Promise<{ events: number; position: number; seconds: number }> {
    const started = process.hrtime.bigint();
    const head = await this.store.headPosition();
    await this.projections.rebuild();
    await this.projections.waitFor(head, 10 * 60_000);
    // Events counted as they were applied: a position is not a count (EventStoreDB's are log offsets).
    return { events: this.projections.eventsApplied, position: head, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  }
}
