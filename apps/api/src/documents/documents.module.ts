import { Module } from '@nestjs/common';
import { DocumentsHttpController } from './documents.http.controller';
import { ProgrammeDocuments } from './programme-documents';

@Module({
  controllers: [DocumentsHttpController],
  providers: [ProgrammeDocuments],
  exports: [ProgrammeDocuments],
})
export class DocumentsModule {}
