import { Global, Module } from '@nestjs/common';
import { CommandRunner } from './command-runner';
import { Documents } from './documents';
import { ProgrammeFactsReader } from './programme-facts.reader';

/** What every part of the API uses to run commands. */
@Global()
@Module({
  providers: [CommandRunner, ProgrammeFactsReader, Documents],
  exports: [CommandRunner, ProgrammeFactsReader, Documents],
})
export class SharedModule {}
