/**
 * Turning an HTTP answer into a command's payload: refuse redirects, parse the JSON, unwrap the one
 * envelope key (whatever its name, as `cs` does), and map error answers to `CloudStackApiError`s of
 * their kind. The body is read through the runtime's strict UTF-8 decoding: a body that is not
 * UTF-8 is its `DecodeError`.
 */
import type { HttpResponse } from '@overcast/runtime/http';
import { scrubSecrets } from '@overcast/runtime/secrets';
import { type AnswerContext, apiErrorFrom, unusableAnswer } from './errors.js';

export type Payload = Record<string, unknown>;

/** Longest body excerpt put in an error message. */
const EXCERPT = 200;

export function decodeResponse(command: string, response: HttpResponse): Payload {
  const { status } = response;
  const context = { ...answerContext(response), command };
  if (status >= 300 && status < 400) {
    const location = response.header('location');
    throw unusableAnswer(
      `${command}: HTTP ${status} redirect ${location === undefined ? 'without a Location' : `to ${location}`}; ` +
        'redirects are not followed: make the endpoint the URL the server redirects to',
      // The body of a redirect is of no use; decoding it could only fail.
      { ...context, body: undefined },
    );
  }
  const body = response.body;
  context.body = body;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const type = response.header('content-type') ?? 'no content type';
    throw unusableAnswer(
      `${command}: HTTP ${status} answer is not JSON (${type}): ${excerpt(body)}; is the endpoint a CloudStack API URL?`,
      context,
    );
  }
  const envelope = isObject(json) ? Object.keys(json) : [];
  if (envelope.length !== 1 || !isObject((json as Payload)[envelope[0] as string])) {
    throw unusableAnswer(
      `${command}: HTTP ${status} answer is not one envelope object: ${excerpt(body)}`,
      context,
    );
  }
  const payload = (json as Record<string, Payload>)[envelope[0] as string] as Payload;
  if (status !== 200) throw apiErrorFrom(command, payload, context);
  return payload;
}

/** The method, redacted URL, status and request id of an answer, for its errors. */
export function answerContext(response: HttpResponse): AnswerContext {
  // `target` is `METHOD redacted-URL` (the runtime names every request so).
  const space = response.target.indexOf(' ');
  const method = space > 0 ? response.target.slice(0, space) : undefined;
  const url = space > 0 ? response.target.slice(space + 1) : undefined;
  // CloudStack sends no request id; a proxy in front of it may.
  const requestId = response.header('x-request-id');
  return {
    status: response.status,
    ...(method === undefined || !/^[A-Z]+$/.test(method) ? {} : { method, url }),
    ...(requestId === undefined ? {} : { requestId }),
  };
}

export function isObject(value: unknown): value is Payload {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A one-line excerpt of a body. Secrets are scrubbed before cutting, so that a cut cannot leave
 * half a key that the error's own scrubbing would no longer recognise.
 */
function excerpt(text: string): string {
  const oneLine = scrubSecrets(text).replace(/\s+/g, ' ').trim();
  return oneLine.length > EXCERPT ? `${oneLine.slice(0, EXCERPT)}…` : oneLine || '(empty body)';
}
