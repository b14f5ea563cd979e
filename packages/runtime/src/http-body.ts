/**
 * Reading a response body whole, within a size limit, and undoing gzip/deflate content encoding.
 * undici's `request` leaves bodies encoded; its decompress interceptor is flagged experimental and
 * prints a process warning on first use, so the (already buffered) body goes through node:zlib.
 */
import { pipeline, Readable } from 'node:stream';
import { promisify } from 'node:util';
import { createGunzip, createInflate, createInflateRaw, gunzip, inflate, inflateRaw } from 'node:zlib';
import { DecodeError } from './errors.js';
import type { RequestTarget } from './http-errors.js';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);
const inflateRawAsync = promisify(inflateRaw);

/** The content codings we ask for in `accept-encoding` and know how to undo. */
export const ACCEPTED_ENCODINGS = 'gzip, deflate';

/** Collects `body`, failing with `DecodeError` once it grows past `limit` bytes. */
export async function readLimited(
  body: AsyncIterable<Buffer>,
  limit: number,
  where: string | RequestTarget,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) throw tooLarge(where, limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/**
 * Undoes a `content-encoding` of gzip or deflate (others pass through untouched, as received);
 * the decoded size is held to `limit` too, so a small compressed bomb cannot exhaust memory.
 */
export async function decodeContent(
  bytes: Buffer,
  encoding: string | undefined,
  limit: number,
  where: string | RequestTarget,
): Promise<Buffer> {
  const coding = encoding?.trim().toLowerCase();
  if (bytes.length === 0 || (coding !== 'gzip' && coding !== 'x-gzip' && coding !== 'deflate')) return bytes;
  const options = { maxOutputLength: limit };
  try {
    if (coding !== 'deflate') return await gunzipAsync(bytes, options);
    // "deflate" should be zlib-wrapped, but some servers send raw deflate; a zlib stream starts
    // with a compression-method nibble of 8.
    return await ((bytes[0]! & 0x0f) === 8 ? inflateAsync(bytes, options) : inflateRawAsync(bytes, options));
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(where, limit);
    throw new DecodeError(`cannot decode the ${coding} response from ${where}`, { cause });
  }
}

/**
 * Feeds `body` to `sink` chunk by chunk, undoing a gzip or deflate content encoding as it streams,
 * failing with `DecodeError` once the decoded bytes pass `limit`.
 */
export async function feedSink(
  body: AsyncIterable<Buffer>,
  encoding: string | undefined,
  sink: { write(chunk: Uint8Array): void },
  limit: number,
  where: string | RequestTarget,
): Promise<void> {
  const coding = encoding?.trim().toLowerCase();
  const encoded = coding === 'gzip' || coding === 'x-gzip' || coding === 'deflate';
  let size = 0;
  try {
    for await (const chunk of encoded ? inflated(body, coding) : body) {
      size += chunk.length;
      if (size > limit) throw tooLarge(where, limit);
      sink.write(chunk);
    }
  } catch (cause) {
    // zlib's own errors carry a `Z_…` code; anything else (the connection, the sink) passes on.
    if (!String((cause as NodeJS.ErrnoException).code).startsWith('Z_')) throw cause;
    throw new DecodeError(`cannot decode the ${coding} response from ${where}`, { cause });
  }
}

/** The body through the zlib stream of its coding (raw deflate told from zlib's by the first byte, as `decodeContent` does). */
async function* inflated(body: AsyncIterable<Buffer>, coding: string): AsyncIterable<Buffer> {
  const chunks = body[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (first.done === true) return;
  const inflater =
    coding !== 'deflate'
      ? createGunzip()
      : (first.value[0]! & 0x0f) === 8
        ? createInflate()
        : createInflateRaw();
  async function* all(): AsyncIterable<Buffer> {
    yield first.value;
    for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) yield next.value;
  }
  // `pipeline`, not `pipe`: an error of the body (a reset) must reach the reader, not hang it.
  yield* pipeline(Readable.from(all()), inflater, () => {});
}

function tooLarge(where: string | RequestTarget, limit: number): DecodeError {
  return new DecodeError(`the response from ${where} exceeds the size limit of ${limit} bytes`);
}
