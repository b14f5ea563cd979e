/**
 * Checking an answer: the accepted status codes per method kind, redirects (refused), XML content,
 * and faults — a `<fault>` document, or an `<action>` holding a `<fault>` even with a 2xx status.
 */
import type { BodySink, HttpResponse, ResponseHeaders, XmlLimits } from '@overcast/runtime';
import { DecodeError } from '@overcast/runtime';
import { answerError, type Fault, kindOf, ovirtError, requestFacts, targetFacts } from './errors.js';
import { type ReadResult, readXml, xmlReaderSink } from './xml-reader.js';

const XML_CONTENT = /^\s*(application|text)\/xml\s*(;.*)?$/i;

/**
 * The answer's value; throws the matching error when it is a failure. `sentRequestId` is the
 * correlation id the request carried, the error's `requestId` when the engine does not echo one.
 */
export function readAnswer(
  response: HttpResponse,
  method: string,
  path: string,
  accepted: readonly number[],
  sentRequestId?: string,
): unknown {
  const where = `${method} ${path || '/'}`;
  const facts = {
    ...targetFacts(response.target),
    requestId: response.header('correlation-id') ?? sentRequestId,
  };
  if (response.status >= 300 && response.status < 400) throw redirectError(response, where, facts);
  if (!accepted.includes(response.status)) {
    throw answerError(response.status, faultOf(response), response.body, `${where} failed`, facts);
  }
  if (method === 'DELETE') return undefined;
  if (response.bytes.length === 0 && response.decoded === undefined) {
    throw answerError(response.status, undefined, '', `${where} answered with an empty body`, facts);
  }
  const contentType = response.header('content-type') ?? '';
  if (!XML_CONTENT.test(contentType)) {
    throw new DecodeError(`${where}: the response content type '${contentType}' isn't the expected XML`);
  }
  const read = (response.decoded as ReadResult | undefined) ?? readXml(response.bytes);
  if (read.type === 'Action' && !read.list) {
    const fault = (read.value as { fault?: Fault }).fault;
    if (fault !== undefined)
      throw answerError(response.status, fault, response.body, `${where} failed`, facts);
  }
  return read.value;
}

/**
 * For `HttpRequest.sink`: an accepted XML answer is read as it arrives, by `readAnswer`'s rules
 * (other answers are held whole, to be reported by `readAnswer`).
 */
export function answerSink(
  method: string,
  accepted: readonly number[],
  limits: Partial<XmlLimits>,
): (head: { status: number; headers: ResponseHeaders }) => BodySink | undefined {
  return ({ status, headers }) => {
    const type = headers['content-type'];
    const xml = typeof type === 'string' && XML_CONTENT.test(type);
    return xml && method !== 'DELETE' && accepted.includes(status) ? xmlReaderSink(limits) : undefined;
  };
}

/**
 * A 3xx answer: redirects are never followed (the request would be re-sent, token included, to
 * wherever the answer points), so it is an error naming where it pointed.
 */
export function redirectError(
  response: HttpResponse,
  what: string,
  facts: { method?: string; url?: string; requestId?: string | undefined } = targetFacts(response.target),
): Error {
  const location = response.header('location');
  const to = location === undefined ? 'without a Location' : `to ${location}`;
  return ovirtError(
    kindOf(response.status),
    `${what} was redirected (HTTP ${response.status}) ${to}; redirects are not followed: check the url (it should end with /ovirt-engine/api)`,
    { status: response.status, ...requestFacts(facts) },
  );
}

/** The `<fault>` of a failed answer, when its body is one (or an action holding one). */
export function faultOf(response: HttpResponse): Fault | undefined {
  if (!XML_CONTENT.test(response.header('content-type') ?? '') || response.bytes.length === 0)
    return undefined;
  try {
    const read = readXml(response.bytes);
    if (read.type === 'Fault') return read.value as Fault;
    if (read.type === 'Action') return (read.value as { fault?: Fault }).fault;
  } catch {
    // Not a readable document: the error then carries the raw body instead.
  }
  return undefined;
}
