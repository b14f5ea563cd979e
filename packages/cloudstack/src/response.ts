/**
 * Turning an HTTP answer into a command's payload: parse the JSON, unwrap the one envelope key
 * (whatever its name, as `cs` does), and map error answers to `CloudStackApiError`.
 */
import type { HttpResponse } from '@overcast/runtime/http';
import { apiErrorFrom, CloudStackError } from './errors.js';

export type Payload = Record<string, unknown>;

/** Longest body excerpt put in an error message. */
const EXCERPT = 200;

export function decodeResponse(command: string, response: HttpResponse): Payload {
  const { status } = response;
  const body = response.body;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const type = response.header('content-type') ?? 'no content type';
    throw new CloudStackError(
      `${command}: HTTP ${status} answer is not JSON (${type}): ${excerpt(body)}; is the endpoint a CloudStack API URL?`,
      { status, body },
    );
  }
  const envelope = isObject(json) ? Object.keys(json) : [];
  if (envelope.length !== 1 || !isObject((json as Payload)[envelope[0] as string])) {
    throw new CloudStackError(
      `${command}: HTTP ${status} answer is not one envelope object: ${excerpt(body)}`,
      {
        status,
        body,
      },
    );
  }
  const payload = (json as Record<string, Payload>)[envelope[0] as string] as Payload;
  if (status !== 200) throw apiErrorFrom(command, payload, { status, body });
  return payload;
}

export function isObject(value: unknown): value is Payload {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function excerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > EXCERPT ? `${oneLine.slice(0, EXCERPT)}…` : oneLine || '(empty body)';
}
