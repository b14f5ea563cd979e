/**
 * OpenNebula's failures, by kind. Every error the client throws for an answer is a `OneError` (the
 * family base, `instanceof` holds for all of them) and also the runtime's kind (`AuthError`,
 * `NotFoundError`, `ConflictError`…), so code written for pyone's exceptions and code written for
 * every cloud both keep working.
 *
 * - oned's `[false, message, code]` answers: the class of the code (`include/Request.h`
 *   `ErrorCode`), in the one table below (`ONED_ERROR_CODES`).
 * - XML-RPC `<fault>`s: oned's XML-RPC layer (xmlrpc-c) refusing the call itself — unknown method,
 *   wrong parameter type or count — so a `OneFaultError`, a `BadRequestError`.
 * - HTTP answers other than 200: the kind of their status (`kindForStatus`: 401 → `OneHttpAuthError`,
 *   an `AuthError`; 403, 404, 409, 429, 400 likewise; anything else, redirects included, `OneError`).
 *
 * Each carries `method` (the XML-RPC method, `one.vm.info`), `httpMethod` (always `POST`), the
 * redacted `url`, the HTTP `status`, `code` (oned's code or the faultCode) and `serverMessage`.
 * Secrets never show: the runtime's error constructors redact every registered secret.
 */
import {
  defineErrorFamily,
  type ErrorKind,
  type FamilyClass,
  kindForStatus,
} from '@overcast/runtime/error-kinds';
import {
  ApiError,
  type ApiErrorOptions,
  AuthError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionError,
} from '@overcast/runtime/errors';

/** What every `OneError` carries besides the runtime's `ApiError` fields. */
export interface OneErrorFields {
  /** The XML-RPC method that failed, `one.vm.info` (the HTTP method is in `httpMethod`). */
  method: string;
  /** The HTTP method of the request: always `POST` for XML-RPC. */
  httpMethod?: string;
  /** The `Location` of a redirect answer, which is never followed. */
  location?: string;
}

/** The fields of an error oned answered with a code: the code and message are always there. */
export interface OnedErrorFields extends OneErrorFields {
  /** oned's error code, e.g. `0x400` for NO_EXISTS. */
  code: number;
  /** oned's message, verbatim but for secrets. */
  serverMessage: string;
}

const family = defineErrorFamily<OneErrorFields>('opennebula', {
  fields: ['method', 'httpMethod', 'location'],
});

/** The base of every OpenNebula error: `instanceof OneError` holds for each class below. */
export const OneError = family.base('OneError');
export type OneError = InstanceType<typeof OneError>;

/**
 * A class for one of oned's codes: built like any `OneError`, its instances always carry the
 * numeric code and the message (the client only makes them from a `[false, message, code]` answer).
 */
export interface OnedErrorClass<I extends ApiError = ApiError> {
  new (message: string, options?: ApiErrorOptions & Partial<OneErrorFields>): I & Readonly<OnedErrorFields>;
  readonly prototype: I & Readonly<OnedErrorFields>;
}

function oned<K extends typeof ApiError>(Kind: K, className: string): OnedErrorClass<InstanceType<K>> {
  return family.member(Kind, className) as OnedErrorClass<InstanceType<K>>;
}

/** 0x0100 AUTHENTICATION: the session was refused. An `AuthError`. */
export const OneAuthenticationError = oned(AuthError, 'OneAuthenticationError');
export type OneAuthenticationError = InstanceType<typeof OneAuthenticationError>;
/** 0x0200 AUTHORIZATION: not allowed (ACLs), or over quota. A `PermissionError`. */
export const OneAuthorizationError = oned(PermissionError, 'OneAuthorizationError');
export type OneAuthorizationError = InstanceType<typeof OneAuthorizationError>;
/** 0x0400 NO_EXISTS: the object does not exist. A `NotFoundError`. */
export const OneNoExistsError = oned(NotFoundError, 'OneNoExistsError');
export type OneNoExistsError = InstanceType<typeof OneNoExistsError>;
/** 0x0800 ACTION: the action is not possible in the object's state. A `ConflictError`. */
export const OneActionError = oned(ConflictError, 'OneActionError');
export type OneActionError = InstanceType<typeof OneActionError>;
/** 0x1000 XML_RPC_API: wrong parameters (an unknown action name, a bad value). A `BadRequestError`. */
export const OneApiError = oned(BadRequestError, 'OneApiError');
export type OneApiError = InstanceType<typeof OneApiError>;
/** 0x2000 INTERNAL: oned failed (template parse errors, driver failures…). The base kind. */
export const OneInternalError = oned(ApiError, 'OneInternalError');
export type OneInternalError = InstanceType<typeof OneInternalError>;
/**
 * 0x4000 ALLOCATE: the pool refused a new object — a name already taken, a template it cannot
 * take, no capacity. No single kind fits all of these, so it is the base kind.
 */
export const OneAllocateError = oned(ApiError, 'OneAllocateError');
export type OneAllocateError = InstanceType<typeof OneAllocateError>;
/** 0x8000 LOCKED: the object is locked (`one.*.lock`). A `ConflictError`. */
export const OneLockedError = oned(ConflictError, 'OneLockedError');
export type OneLockedError = InstanceType<typeof OneLockedError>;
/** 0x10000 REPLICATION: a federation/HA replication failure. The base kind. */
export const OneReplicationError = oned(ApiError, 'OneReplicationError');
export type OneReplicationError = InstanceType<typeof OneReplicationError>;

/** An XML-RPC `<fault>`: the call itself was refused (unknown method, wrong parameter types). */
export const OneFaultError = family.member(BadRequestError, 'OneFaultError');
export type OneFaultError = InstanceType<typeof OneFaultError>;

const HTTP_KINDS = family.kinds('OneHttp', OneError);
/** HTTP 401 (an authenticating proxy in front of oned). An `AuthError`. */
export const OneHttpAuthError = HTTP_KINDS.auth;
/** HTTP 403. A `PermissionError`. */
export const OneHttpPermissionError = HTTP_KINDS.permission;
/** HTTP 404/410 (a wrong endpoint path). A `NotFoundError`. */
export const OneHttpNotFoundError = HTTP_KINDS.notFound;
/** HTTP 409/412. A `ConflictError`. */
export const OneHttpConflictError = HTTP_KINDS.conflict;
/** HTTP 429. A `RateLimitError`. */
export const OneHttpRateLimitError = HTTP_KINDS.rateLimit;
/** HTTP 400/422. A `BadRequestError`. */
export const OneHttpBadRequestError = HTTP_KINDS.badRequest;

/**
 * The one table: oned's error codes (bit flags, `Request::ErrorCode`) → their class, and so their
 * kind. Codes not listed (a newer oned's) keep the base `OneError`.
 */
export const ONED_ERROR_CODES: ReadonlyMap<number, OnedErrorClass> = new Map<number, OnedErrorClass>([
  [0x0100, OneAuthenticationError],
  [0x0200, OneAuthorizationError],
  [0x0400, OneNoExistsError],
  [0x0800, OneActionError],
  [0x1000, OneApiError],
  [0x2000, OneInternalError],
  [0x4000, OneAllocateError],
  [0x8000, OneLockedError],
  [0x10000, OneReplicationError],
]);

/** Where an error was met: the request's URL (already without user info) and its HTTP status. */
export interface OneErrorContext extends Omit<ApiErrorOptions, 'code' | 'serverMessage' | 'method'> {
  location?: string;
}

/** The error for a `[false, message, code]` answer of `method`. */
export function oneErrorFor(
  method: string,
  serverMessage: string,
  code: number,
  context: OneErrorContext = {},
): OneError {
  const ErrorClass = ONED_ERROR_CODES.get(code) ?? OneError;
  return new ErrorClass(`${method} failed (code 0x${code.toString(16)}): ${serverMessage}`, {
    ...context,
    httpMethod: 'POST',
    method,
    code,
    serverMessage,
  });
}

/** The error for an XML-RPC `<fault>` answering `method`. */
export function oneFaultFor(
  method: string,
  faultString: string,
  faultCode: number | string,
  context: OneErrorContext = {},
): OneFaultError {
  return new OneFaultError(`${method}: XML-RPC fault ${faultCode}: ${faultString}`, {
    ...context,
    httpMethod: 'POST',
    method,
    code: faultCode,
    serverMessage: faultString,
  });
}

/** The kind of an HTTP status, as the runtime decides it everywhere. */
export function httpErrorClass(status: number): FamilyClass<OneErrorFields> {
  const kind: ErrorKind = kindForStatus(status);
  return HTTP_KINDS[kind];
}
