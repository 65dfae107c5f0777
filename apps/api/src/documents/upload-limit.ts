import type { FastifyInstance } from 'fastify';

/**
 * Document uploads read at once. Each is held whole in memory (up to DOCUMENT_LIMIT_BYTES) from
 * its first byte until it is stored, so without a bound a burst of them could take all the memory
 * the server has; past this many, an upload is refused before its body is read.
 */
export const UPLOADS_AT_ONCE = 4;
export const UPLOAD_RETRY_AFTER_SECONDS = 5;

/**
 * Counts the multipart requests to the routes `routes` matches from the moment they arrive (before
 * their body is read) until their answer is done or the connection drops; one more than `atOnce`
 * is answered 503 with Retry-After, and nothing is recorded.
 */
export function limitUploads(fastify: FastifyInstance, routes: RegExp, atOnce = UPLOADS_AT_ONCE): void {
  let reading = 0;
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'POST' || !/^multipart\//i.test(request.headers['content-type'] ?? '') || !routes.test(request.routeOptions.url ?? '')) return;
    if (reading >= atOnce) {
      return reply
        .status(503)
        .header('retry-after', String(UPLOAD_RETRY_AFTER_SECONDS))
        .header('connection', 'close')
        .send({ code: 'UPLOAD_BUSY', message: `${atOnce} documents are being uploaded at this moment; nothing was recorded. Try again in a few seconds.`, details: [] });
    }
    reading++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      reading--;
    };
    reply.raw.once('close', release);
    reply.raw.once('finish', release);
  });
}
