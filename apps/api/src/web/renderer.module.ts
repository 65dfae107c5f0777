import { Module } from '@nestjs/common';
import { PageErrorFilter } from './page-error.filter';
import { Renderer } from './renderer';

/** Page rendering, for every module that serves pages. */
@Module({ providers: [Renderer, PageErrorFilter], exports: [Renderer, PageErrorFilter] })
export class RendererModule {}
