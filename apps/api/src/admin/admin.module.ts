import { Module } from '@nestjs/common';
import { RebuildHttpController } from './rebuild.http.controller';

@Module({ controllers: [RebuildHttpController] })
export class AdminModule {}
