import { Global, Inject, Module, OnApplicationShutdown, OnModuleInit, Provider } from '@nestjs/common';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { EventStore, EventStoreDbEventStore, SqliteEventStore } from '@tracker/event-store';
import {
  AccessDirectory,
  PROJECTIONS,
  AuditChain,
  AuditIndex,
  DecisionLogStore,
  ProgrammeList,
  ProgrammeRegisters,
  ProgrammeSnapshots,
  ReadinessDays,
  ProjectionRunner,
  openReadStore,
} from '@tracker/read-models';
import { Config } from '../config/config';
import { CLOCK, CONFIG, Clock, EVENT_STORE, LOGGER, READ_STORE } from './tokens';

export interface InfrastructureOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** An already open store, for tests; otherwise one is opened from the configuration. */
  readonly eventStore?: EventStore;
}

export function openEventStore(config: Config): EventStore {
  return config.eventStoreConnectionString
    ? EventStoreDbEventStore.connect(config.eventStoreConnectionString)
    : new SqliteEventStore(config.eventStoreFile);
}

@Global()
@Module({})
export class InfrastructureModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: Database.Database,
    private readonly projections: ProjectionRunner,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  static forRoot(options: InfrastructureOptions) {
    const providers: Provider[] = [
      { provide: CONFIG, useValue: options.config },
      { provide: LOGGER, useValue: options.logger },
      { provide: CLOCK, useValue: options.clock ?? (() => new Date().toISOString()) },
      { provide: EVENT_STORE, useFactory: () => options.eventStore ?? openEventStore(options.config) },
      { provide: READ_STORE, useFactory: () => openReadStore(options.config.readStoreFile) },
      {
        provide: ProjectionRunner,
        inject: [EVENT_STORE, READ_STORE],
        useFactory: (store: EventStore, db: Database.Database) =>
          new ProjectionRunner(
            store,
            db,
            PROJECTIONS,
            (error) => options.logger.error({ err: error }, 'projections stopped; /health reports not ready'),
            {
              onInterrupted: ({ error, attempt, retryInMs }) =>
                options.logger.warn({ err: error, attempt, retryInMs }, 'the event store ended the projections\' subscription; subscribing again from the checkpoint'),
              onResubscribed: (after, attempt) => options.logger.info({ after, attempt }, 'projections subscribed again'),
            },
          ),
      },
      { provide: ProgrammeList, inject: [READ_STORE], useFactory: (db: Database.Database) => new ProgrammeList(db) },
      { provide: AuditChain, inject: [READ_STORE], useFactory: (db: Database.Database) => new AuditChain(db) },
      { provide: AuditIndex, inject: [READ_STORE], useFactory: (db: Database.Database) => new AuditIndex(db) },
      { provide: DecisionLogStore, inject: [READ_STORE], useFactory: (db: Database.Database) => new DecisionLogStore(db) },
      { provide: ProgrammeRegisters, inject: [READ_STORE], useFactory: (db: Database.Database) => new ProgrammeRegisters(db) },
      { provide: ProgrammeSnapshots, inject: [READ_STORE], useFactory: (db: Database.Database) => new ProgrammeSnapshots(db) },
      { provide: ReadinessDays, inject: [READ_STORE], useFactory: (db: Database.Database) => new ReadinessDays(db) },
      { provide: AccessDirectory, inject: [READ_STORE], useFactory: (db: Database.Database) => new AccessDirectory(db) },
    ];
    return { module: InfrastructureModule, providers, exports: providers };
  }

  /** Before any module's bootstrap, so that the first administrator's commands see their projections. */
  onModuleInit(): void {
    this.projections.start();
    this.logger.info({ store: this.store.kind }, 'event store open, projections catching up');
  }

  /** Runs after the HTTP server has drained, so no request is cut off mid-append. */
  async onApplicationShutdown(): Promise<void> {
    await this.projections.stop();
    await this.store.close();
    this.readStore.close();
    this.logger.info('event store closed cleanly');
  }
}
