import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DecisionsModule } from '../decisions/decisions.module';
import { ReadinessModule } from '../readiness/readiness.module';
import { SetPortfolioAccessHandler as PortfolioAccessHandler, PortfolioAccessHttpController } from './portfolio-access';
import { PortfolioHttpController } from './portfolio.http.controller';
import { Portfolio } from './portfolio.service';
import { PortfolioPagesController } from './web/portfolio-pages.controller';
import { RendererModule } from '../web/renderer.module';

@Module({
  imports: [CqrsModule, ReadinessModule, DecisionsModule, RendererModule],
  controllers: [PortfolioHttpController, PortfolioAccessHttpController, PortfolioPagesController],
  providers: [Portfolio, PortfolioAccessHandler],
  exports: [Portfolio],
})
export class PortfolioModule {}
