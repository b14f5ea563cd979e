/**
 * OpenStack's errors, by kind: openstacksdk's taxonomy on the runtime's kinds.
 *
 * - `HttpError` (openstacksdk's `HttpException`): the base of every error answer and of every error
 *   the client derives from the cloud's data (`EndpointNotFound`, `ResourceFailure`,
 *   `DuplicateResource`, `ResourceNotFound`); `instanceof HttpError` holds for each of them.
 * - Each answer is also the runtime's kind, decided by ONE table, {@link KIND_TABLE}, documented in
 *   the README under "Errors": `HttpBadRequestError` (a `BadRequestError`), `HttpAuthError`,
 *   `HttpPermissionError` (exported as openstacksdk's `ForbiddenError` too), `HttpNotFoundError`,
 *   `HttpConflictError`, `HttpRateLimitError`, else the plain `HttpError` (an `ApiError`).
 * - `ResourceTimeout` (a wait ran out of time) is the runtime's `TimeoutError`; transport failures
 *   stay `ConnectionError`, `TimeoutError`, `AbortError`; a body that is not JSON or not UTF-8 is a
 *   `DecodeError`; a wrong argument is a `ParameterError`.
 *
 * The server's message is extracted as openstacksdk's `raise_from_response` does: the `message` (or
 * Ironic's `faultstring`) of each top-level value of a JSON body (Nova `{"itemNotFound": {…}}`,
 * Keystone `{"error": {…}}`, Neutron `{"NeutronError": {…}}`), else of the body itself (Glance's
 * `{"message": …}`); an HTML page with its tags stripped and its lines joined with `: `; plain text
 * as it is (openstacksdk keeps only the reason phrase); else the reason phrase.
 *
 * Secrets never need handling here: the client registers its password, secrets and tokens with the
 * runtime, which scrubs every error's message, server text, body and fields as it is built.
 */
import { STATUS_CODES } from 'node:http';
import {
  defineErrorFamily,
  type ErrorKind,
  type FamilyClass,
  kindForStatus,
} from '@overcast/runtime/error-kinds';
import {
  type ApiErrorOptions,
  ConflictError,
  NotFoundError,
  TimeoutError,
  type TransportErrorOptions,
} from '@overcast/runtime/errors';

/** What every OpenStack error may carry beyond the runtime's `ApiError`. */
export interface HttpErrorFields {
  /** The catalog service type whose answer (or catalog entry) it is: `compute`, `identity`… */
  service?: string;
  /** openstacksdk's `source`: `Client` for a 4xx answer, `Server` for the others. */
  source?: 'Client' | 'Server';
}

/** What a `ResourceFailure` carries: the resource and the state it went into. */
export interface ResourceFailureFields extends HttpErrorFields {
  /** The id of the resource waited on. */
  resourceId?: string;
  /** The value of the watched attribute that ended the wait (`ERROR`). */
  resourceStatus?: string;
}

const family = defineErrorFamily<HttpErrorFields>('openstack', { fields: ['service', 'source'] });
const resourceFamily = defineErrorFamily<ResourceFailureFields>('openstack-resource', {
  fields: ['service', 'source', 'resourceId', 'resourceStatus'],
  parent: family,
});

/**
 * openstacksdk's `HttpException`: the base of every error the cloud answers with (and of those the
 * client derives from its data); on its own, an answer of no more specific kind (5xx, a redirect,
 * an unexpected status, a next link pointing to another host).
 */
export const HttpError = family.base('HttpError');
export type HttpError = InstanceType<typeof HttpError>;

const KINDS = family.kinds('Http', HttpError);
/** 400 (and 406, a microversion the service does not serve). */
export const HttpBadRequestError = KINDS.badRequest;
export type HttpBadRequestError = InstanceType<typeof HttpBadRequestError>;
/** 401 after one re-authentication, and every refusal of Keystone's token endpoint. */
export const HttpAuthError = KINDS.auth;
export type HttpAuthError = InstanceType<typeof HttpAuthError>;
/** 403: the token is good, policy says no. */
export const HttpPermissionError = KINDS.permission;
export type HttpPermissionError = InstanceType<typeof HttpPermissionError>;
/** openstacksdk's name for the 403 class (`ForbiddenException`). */
export const ForbiddenError = HttpPermissionError;
export type ForbiddenError = HttpPermissionError;
/** 404 (openstacksdk's `NotFoundException`). */
export const HttpNotFoundError = KINDS.notFound;
export type HttpNotFoundError = InstanceType<typeof HttpNotFoundError>;
/** 409 and 412: in use, wrong state, already exists, precondition failed. */
export const HttpConflictError = KINDS.conflict;
export type HttpConflictError = InstanceType<typeof HttpConflictError>;
/** 429. */
export const HttpRateLimitError = KINDS.rateLimit;
export type HttpRateLimitError = InstanceType<typeof HttpRateLimitError>;

/**
 * The catalog has no endpoint for the service (type and aliases), interface and region asked for
 * (openstacksdk's `EndpointNotFound`); the message names what is missing and what the catalog has.
 * A `NotFoundError` (the endpoint asked for does not exist) and an `HttpError`.
 */
export const EndpointNotFound = family.member(NotFoundError, 'EndpointNotFound');
export type EndpointNotFound = InstanceType<typeof EndpointNotFound>;

/** No resource of that name or id (the cloud layer's name lookups; openstacksdk's `ResourceNotFound`). */
export const ResourceNotFound = family.member(NotFoundError, 'ResourceNotFound');
export type ResourceNotFound = InstanceType<typeof ResourceNotFound>;

/** More than one resource has the name given to a `find…` (openstacksdk's `DuplicateResource`). */
export const DuplicateResource = family.member(ConflictError, 'DuplicateResource');
export type DuplicateResource = InstanceType<typeof DuplicateResource>;

/**
 * A resource waited on went into a failure state (`ERROR` by default), as openstacksdk's
 * `ResourceFailure`: a `ConflictError` and an `HttpError`, with the resource's id and status and,
 * for a server, Nova's `fault.message` as `serverMessage`.
 */
export const ResourceFailure = resourceFamily.member(ConflictError, 'ResourceFailure');
export type ResourceFailure = InstanceType<typeof ResourceFailure>;

/** A wait (`waitForServer`, `waitForStatus`, `waitForDelete`) ran out of time: a `TimeoutError`. */
export class ResourceTimeout extends TimeoutError {
  override name = 'ResourceTimeout';
  /** The id of the resource waited on. */
  readonly resourceId: string | undefined;
  /** The last value seen of the watched attribute. */
  readonly resourceStatus: string | undefined;
  constructor(
    message: string,
    options: TransportErrorOptions & {
      timeoutMs?: number;
      resourceId?: string;
      resourceStatus?: string;
    } = {},
  ) {
    super(message, options);
    this.resourceId = options.resourceId;
    this.resourceStatus = options.resourceStatus;
  }
}

/** One row of the kind table. */
export interface KindRule {
  /** The HTTP statuses the row applies to. */
  statuses: readonly number[];
  kind: ErrorKind;
  /** Why, for the README. */
  why: string;
}

/**
 * OpenStack's answers → the runtime's kinds. openstacksdk decides by status alone (its
 * `raise_from_response`), and so do the services' own fault names (Nova's `itemNotFound`,
 * Neutron's `NetworkNotFound`, Keystone's `Unauthorized` all come with their status), so the
 * status decides here too. Statuses no row names fall back to the runtime's `kindForStatus`
 * (410 not found, 422 bad request), else the plain `HttpError`.
 */
export const KIND_TABLE: readonly KindRule[] = [
  {
    statuses: [400],
    kind: 'badRequest',
    why: "openstacksdk's BadRequestException: the service refused a parameter",
  },
  {
    statuses: [406],
    kind: 'badRequest',
    why: 'a microversion the service does not serve (Nova, Cinder: "Version 2.99 is not supported")',
  },
  {
    statuses: [401],
    kind: 'auth',
    why: 'credentials refused by Keystone, or a token still refused after one re-authentication',
  },
  { statuses: [403], kind: 'permission', why: "ForbiddenException: policy refuses the token's roles" },
  { statuses: [404], kind: 'notFound', why: 'NotFoundException (ResourceNotFound): no such resource' },
  { statuses: [409], kind: 'conflict', why: 'ConflictException: in use, wrong state, already exists' },
  { statuses: [412], kind: 'conflict', why: 'PreconditionFailedException: a revision or If-Match mismatch' },
  { statuses: [429], kind: 'rateLimit', why: 'too many requests' },
  {
    statuses: [300, 301, 302, 303, 304, 305, 307, 308],
    kind: 'api',
    why: 'a redirect, never followed: the error names its Location',
  },
];

const BY_STATUS: ReadonlyMap<number, ErrorKind> = new Map(
  KIND_TABLE.flatMap((rule) => rule.statuses.map((status) => [status, rule.kind] as const)),
);

/** The kind of an answer with this status: the first row of {@link KIND_TABLE} naming it. */
export function errorKind(status: number | undefined): ErrorKind {
  return (status === undefined ? undefined : BY_STATUS.get(status)) ?? kindForStatus(status);
}

/** The class each kind is, for building an error. */
const CLASSES: Readonly<Record<ErrorKind, FamilyClass<HttpErrorFields>>> = KINDS;

/** The runtime class each kind is, for the README. */
const KIND_CLASS_NAMES: Record<ErrorKind, string> = {
  auth: '`HttpAuthError` (`AuthError`)',
  permission: '`HttpPermissionError` = `ForbiddenError` (`PermissionError`)',
  notFound: '`HttpNotFoundError` (`NotFoundError`)',
  conflict: '`HttpConflictError` (`ConflictError`)',
  rateLimit: '`HttpRateLimitError` (`RateLimitError`)',
  badRequest: '`HttpBadRequestError` (`BadRequestError`)',
  api: '`HttpError` (`ApiError`)',
};

/** {@link KIND_TABLE} as the README's Markdown table (a test keeps the README equal to it). */
export function kindTableMarkdown(): string {
  return [
    '| status | class (runtime kind) | why |',
    '| --- | --- | --- |',
    ...KIND_TABLE.map(
      (rule) => `| ${rule.statuses.join(', ')} | ${KIND_CLASS_NAMES[rule.kind]} | ${rule.why} |`,
    ),
    '| any other 4xx/5xx | `HttpError` (`ApiError`), or the kind of `kindForStatus` (410, 422) | |',
  ].join('\n');
}

/** What an error answer is built from. */
export interface ErrorAnswer {
  status: number;
  headers: Readonly<Record<string, string | string[]>>;
  /** The body as text (undefined when it was not valid UTF-8). */
  text: string | undefined;
  /** `METHOD redacted-url`. */
  target: string;
  service?: string | undefined;
}

/** The details openstacksdk shows, and the fault's own name (`itemNotFound`, `NetworkNotFound`). */
export interface ServerFault {
  message: string | undefined;
  code: string | undefined;
}

function header(headers: ErrorAnswer['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** openstacksdk's `_extract_message`. */
function extractMessage(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if (typeof record['message'] === 'string' && record['message'] !== '') return record['message'];
    if (typeof record['faultstring'] === 'string' && record['faultstring'] !== '')
      return record['faultstring'];
    return undefined;
  }
  if (typeof value === 'string' && depth < 2) {
    // Ironic before Stein encoded its error twice.
    try {
      return extractMessage(JSON.parse(value), depth + 1);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The fault's own name: Neutron's `type`, Nova's and Cinder's key, Keystone's and Glance's `title`. */
function faultCode(content: Record<string, unknown>): string | undefined {
  for (const [key, value] of Object.entries(content)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const fault = value as Record<string, unknown>;
    if (typeof fault['type'] === 'string') return fault['type'];
    if (key === 'error' && typeof fault['title'] === 'string') return fault['title'];
    if (extractMessage(fault) !== undefined) return key;
  }
  return typeof content['title'] === 'string' ? content['title'] : undefined;
}

/** The server's message and fault name, as openstacksdk's `raise_from_response` finds them. */
export function serverFault(answer: Pick<ErrorAnswer, 'status' | 'headers' | 'text'>): ServerFault {
  const type = (header(answer.headers, 'content-type') ?? '').toLowerCase();
  const text = answer.text ?? '';
  let message: string | undefined;
  let code: string | undefined;
  if (text.trim() !== '' && type.includes('json')) {
    try {
      const content: unknown = JSON.parse(text);
      if (typeof content === 'object' && content !== null && !Array.isArray(content)) {
        const record = content as Record<string, unknown>;
        let messages = Object.values(record).map((value) => extractMessage(value));
        // The fault may be the root object itself (WSME services, Glance for JSON-only clients).
        if (!messages.some(Boolean)) messages = [extractMessage(record)];
        message = messages.filter(Boolean).join('\n') || undefined;
        code = faultCode(record);
      }
    } catch {
      message = text.trim();
    }
  } else if (text.trim() !== '' && type.includes('text/html')) {
    const lines: string[] = [];
    for (const line of text.split(/\r?\n/)) {
      const stripped = line.trim().replace(/<.+?>/g, '');
      if (!lines.includes(stripped)) lines.push(stripped);
    }
    message =
      lines
        .filter((line) => line !== '')
        .join(': ')
        .trim() || undefined;
  } else if (text.trim() !== '') {
    // openstacksdk keeps only the reason phrase here; the text is what the server said.
    message = text.trim();
  }
  if (message !== undefined && message.length > 4096) message = `${message.slice(0, 4096)}…`;
  return { message: message ?? reasonPhrase(answer.status), code };
}

function reasonPhrase(status: number): string | undefined {
  return STATUS_CODES[status];
}

/** `METHOD url` (the runtime's `response.target`) as `{ method, url }`. */
export function targetFacts(target: string): { method?: string; url?: string } {
  const space = target.indexOf(' ');
  return space <= 0 ? {} : { method: target.slice(0, space), url: target.slice(space + 1) };
}

/** The request id of an answer: `x-openstack-request-id`, else Nova's older `x-compute-request-id`. */
export function requestIdOf(headers: ErrorAnswer['headers']): string | undefined {
  return header(headers, 'x-openstack-request-id') ?? header(headers, 'x-compute-request-id');
}

/**
 * The error for an answer with an error status (or a redirect): its kind's class, with the status,
 * the fault's name as `code`, the server's message, the request id, method, redacted URL and body.
 */
export function httpErrorFrom(answer: ErrorAnswer, kind: ErrorKind = errorKind(answer.status)): HttpError {
  const { status, headers, target } = answer;
  const fault = serverFault(answer);
  const location = status >= 300 && status < 400 ? header(headers, 'location') : undefined;
  const reason = reasonPhrase(status);
  let message = `${target} failed: ${status}${reason === undefined ? '' : ` ${reason}`}`;
  if (location !== undefined) {
    message += `: the server redirects to ${location}, which is not followed (point the client at the final URL)`;
  } else if (fault.message !== undefined && fault.message !== reason) {
    message += `: ${fault.message}`;
  }
  const requestId = requestIdOf(headers);
  return new CLASSES[kind](message, {
    status,
    ...(fault.code === undefined ? {} : { code: fault.code }),
    ...(fault.message === undefined ? {} : { serverMessage: fault.message }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(answer.text === undefined || answer.text === '' ? {} : { body: answer.text }),
    ...targetFacts(target),
    ...(answer.service === undefined ? {} : { service: answer.service }),
    source: status >= 400 && status < 500 ? 'Client' : 'Server',
  });
}

/** An error of `kind` the client makes from what the cloud sent (a foreign next link, a bad token answer). */
export function unusableAnswer(
  kind: ErrorKind,
  message: string,
  options: ApiErrorOptions & HttpErrorFields = {},
): HttpError {
  return new CLASSES[kind](message, options);
}
