import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { ContractRequest } from '../../apps/api/src/registers/commands/register-item/register-item.request.dto';
import { validationPipe } from '../../apps/api/src/shared/validation-pipe';

/**
 * The baseline for HTTP commands: a bare NestJS route on the same Fastify adapter, validating the
 * same request class with the same pipe, and doing nothing else. Started by the bench as its own
 * process, as the tracker is.
 */
@Controller()
class BareController {
  @Post('contracts')
  @HttpCode(201)
  register(@Body() body: ContractRequest) {
    return { id: randomUUID(), version: 1, reference: body.reference };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), { logger: false });
  app.useGlobalPipes(validationPipe());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
}

void main();
