/**
 * Reading a response body whole, within a size limit, and undoing gzip/deflate content encoding.
 * undici's `request` leaves bodies encoded; its decompress interceptor is flagged experimental and
 * prints a process warning on first use, so the (already buffered) body goes through node:zlib.
 */
import { promisify } from 'node:util';
import { gunzip, inflate, inflateRaw } from 'node:zlib';
import { DecodeError } from './errors.js';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);
const inflateRawAsync = promisify(inflateRaw);

/** The content codings we ask for in `accept-encoding` and know how to undo. */
export const ACCEPTED_ENCODINGS = 'gzip, deflate';

/** Collects `body`, failing with `DecodeError` once it grows past `limit` bytes. */
export async function readLimited(
  body: AsyncIterable<Buffer>,
  limit: number,
  where: string,
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
  where: string,
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

function tooLarge(where: string, limit: number): DecodeError {
  return new DecodeError(`the response from ${where} exceeds the size limit of ${limit} bytes`);
}
