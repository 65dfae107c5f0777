import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadinessModule } from '../readiness/readiness.module';
import { ProgrammePagesController } from './programme-pages.controller';
import { RendererModule } from './renderer.module';

/** The pages boards, advisers and auditors use in a browser. */
@Module({
  imports: [CqrsModule, ReadinessModule, RendererModule],
  controllers: [ProgrammePagesController],
})
export class WebModule {}
