import type { FastifyReply } from 'fastify';
import { CommandResult } from './command-runner';

export interface WriteResponse {
  readonly id: string;
  readonly version: number;
}

/** Every write answers with the id it touched and the new version, also as the ETag for a later If-Match. */
export function writeResponse(reply: FastifyReply, id: string, result: CommandResult): WriteResponse {
  void reply.header('etag', `"${result.version}"`);
  return { id, version: result.version };
}
