/**
 * oVirt's errors. Every failed answer (API or SSO) is an `OvirtError` AND the runtime's kind for it
 * (`AuthError`, `PermissionError`, `NotFoundError`, `ConflictError`, `BadRequestError`,
 * `RateLimitError`; the plain `OvirtError` for anything else), carrying the HTTP status, the
 * `<fault>`'s reason (`code`) and detail (`serverMessage`), the engine's correlation id
 * (`requestId`), the method and redacted URL, and the raw body.
 */
import {
  type ApiError,
  type ApiErrorOptions,
  AuthError,
  BadRequestError,
  ConflictError,
  DecodeError,
  defineErrorFamily,
  type ErrorKind,
  kindForStatus,
  NotFoundError,
  PermissionError,
  RateLimitError,
  scrubSecrets,
} from '@overcast/runtime';

export interface Fault {
  reason?: string;
  detail?: string;
}

/** What an oVirt error carries beyond the runtime's `ApiError`. */
export interface OvirtErrorFields {
  /** The engine's `<fault>` (reason and detail), when the answer was one. */
  fault: Fault | undefined;
}

const family = defineErrorFamily<OvirtErrorFields>('ovirt', { fields: ['fault'] });

/**
 * The base of every error answer from the engine or its SSO service: `instanceof OvirtError` holds
 * for each kind below too. On its own, a failure of no more specific kind (5xx, a `<fault>` inside a
 * 2xx action answer, a redirect, an empty answer).
 */
export const OvirtError = family.base('OvirtError');
export type OvirtError = InstanceType<typeof OvirtError>;
/** 401, and every refusal of the SSO service. */
export const OvirtAuthError = family.member(AuthError, 'OvirtAuthError');
export type OvirtAuthError = InstanceType<typeof OvirtAuthError>;
/** 403. */
export const OvirtPermissionError = family.member(PermissionError, 'OvirtPermissionError');
export type OvirtPermissionError = InstanceType<typeof OvirtPermissionError>;
/** 404. */
export const OvirtNotFoundError = family.member(NotFoundError, 'OvirtNotFoundError');
export type OvirtNotFoundError = InstanceType<typeof OvirtNotFoundError>;
/** 409: the entity is locked, in use, or in the wrong status ("Cannot run VM. VM is running."). */
export const OvirtConflictError = family.member(ConflictError, 'OvirtConflictError');
export type OvirtConflictError = InstanceType<typeof OvirtConflictError>;
/** 400: a parameter the engine refuses ("Incomplete parameters"). */
export const OvirtBadRequestError = family.member(BadRequestError, 'OvirtBadRequestError');
export type OvirtBadRequestError = InstanceType<typeof OvirtBadRequestError>;
/** 429. */
export const OvirtRateLimitError = family.member(RateLimitError, 'OvirtRateLimitError');
export type OvirtRateLimitError = InstanceType<typeof OvirtRateLimitError>;

const CLASSES: Readonly<Record<ErrorKind, new (message: string, options?: OvirtErrorOptions) => OvirtError>> =
  {
    auth: OvirtAuthError,
    permission: OvirtPermissionError,
    notFound: OvirtNotFoundError,
    conflict: OvirtConflictError,
    badRequest: OvirtBadRequestError,
    rateLimit: OvirtRateLimitError,
    api: OvirtError,
  };

/**
 * THE table: which answers are which kind. The engine's faults carry no code of their own (the
 * reason is the HTTP reason phrase or "Operation Failed"), so the HTTP status decides; the SSO
 * service refuses with an `error` field, which is always an authentication failure unless the
 * service itself failed (5xx). Documented in the README under "Errors".
 */
const KIND_BY_STATUS: Readonly<Record<number, ErrorKind>> = {
  400: 'badRequest',
  401: 'auth',
  403: 'permission',
  404: 'notFound',
  409: 'conflict',
  429: 'rateLimit',
};

/** The kind of a failed answer; `sso`: the SSO service refused with an `error` field. */
export function kindOf(status: number | undefined, sso = false): ErrorKind {
  if (status !== undefined && status >= 500) return 'api';
  if (sso) return 'auth';
  if (status !== undefined && status >= 300 && status < 400) return 'api';
  return (status === undefined ? undefined : KIND_BY_STATUS[status]) ?? kindForStatus(status);
}

export interface OvirtErrorOptions extends ApiErrorOptions {
  fault?: Fault | undefined;
}

/** The error of `kind`: an `OvirtError` and the runtime's class for the kind. */
export function ovirtError(kind: ErrorKind, message: string, options: OvirtErrorOptions = {}): OvirtError {
  const { fault, ...rest } = options;
  // The runtime redacts the strings of an error; the fault is an object, so its texts are redacted here.
  const redacted =
    fault === undefined
      ? undefined
      : {
          ...(fault.reason === undefined ? {} : { reason: scrubSecrets(fault.reason) }),
          ...(fault.detail === undefined ? {} : { detail: scrubSecrets(fault.detail) }),
        };
  return new CLASSES[kind](message, { ...rest, ...(redacted === undefined ? {} : { fault: redacted }) });
}

/** Where a failed request went, for the error: `{ method, url, requestId }`. */
export interface RequestFacts {
  method?: string;
  /** Already redacted (the runtime's `response.target`). */
  url?: string;
  requestId?: string | undefined;
}

/** The error for a failed API answer, with the Python SDK's message. */
export function answerError(
  status: number,
  fault: Fault | undefined,
  body: string | undefined,
  fallback: string,
  facts: RequestFacts = {},
): ApiError {
  const message =
    fault === undefined
      ? `${fallback}. HTTP response code is ${status}.`
      : `Fault reason is "${fault.reason ?? ''}". Fault detail is "${fault.detail ?? ''}". HTTP response code is ${status}.`;
  return ovirtError(kindOf(status), message, {
    status,
    ...(body === undefined ? {} : { body }),
    ...(fault?.reason === undefined ? {} : { code: fault.reason }),
    ...(fault === undefined ? {} : { serverMessage: fault.detail ?? fault.reason, fault }),
    ...requestFacts(facts),
  });
}

/** `facts` without its undefined members. */
export function requestFacts(facts: RequestFacts): ApiErrorOptions {
  return {
    ...(facts.method === undefined ? {} : { method: facts.method }),
    ...(facts.url === undefined ? {} : { url: facts.url }),
    ...(facts.requestId === undefined ? {} : { requestId: facts.requestId }),
  };
}

/** `METHOD url` (the runtime's `response.target`) as `{ method, url }`. */
export function targetFacts(target: string): { method?: string; url?: string } {
  const space = target.indexOf(' ');
  return space <= 0 ? {} : { method: target.slice(0, space), url: target.slice(space + 1) };
}

/** A response value that cannot be its declared type; `element` is its path (`vm/memory`). */
export class OvirtDecodeError extends DecodeError {
  override name = 'OvirtDecodeError';
  constructor(
    message: string,
    readonly element: string,
  ) {
    super(message);
  }
}
