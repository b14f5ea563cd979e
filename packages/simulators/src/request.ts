import type { IncomingMessage } from 'node:http';
import type { SimulatorRequest } from './types.js';

/** Returned instead of a request whose body exceeds the limit. */
export const BodyTooLarge = Symbol('BodyTooLarge');

/**
 * Reads a request in full, refusing bodies above `maxBodyBytes` as soon as that is known (from
 * `Content-Length`, or while reading a chunked body). A refused body is left to Node, which
 * discards the rest so the connection stays usable.
 */
export async function readRequest(
  message: IncomingMessage,
  maxBodyBytes: number,
): Promise<SimulatorRequest | typeof BodyTooLarge> {
  const body = await readBody(message, maxBodyBytes);
  if (body === BodyTooLarge) return body;
  const url = message.url ?? '/';
  // Only the path and query matter; the base merely makes the target parseable.
  const parsed = new URL(url, 'http://simulator.invalid');
  return {
    method: message.method ?? 'GET',
    url,
    path: parsed.pathname,
    query: parsed.searchParams,
    headers: message.headers,
    body,
    text: body.toString('utf8'),
  };
}

function readBody(message: IncomingMessage, limit: number): Promise<Buffer | typeof BodyTooLarge> {
  if (Number(message.headers['content-length']) > limit) return Promise.resolve(BodyTooLarge);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    message.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        resolve(BodyTooLarge); // later chunks still flow through this listener and are ignored
      } else {
        chunks.push(chunk);
      }
    });
    message.on('end', () => resolve(Buffer.concat(chunks)));
    message.on('error', reject);
    message.on('close', () => {
      if (!message.complete) reject(new Error('the client closed the connection before sending the body'));
    });
  });
}
