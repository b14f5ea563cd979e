/**
 * OpenNebula's failures: oned answers `[false, message, code]`, and each error code
 * (`include/Request.h` `ErrorCode`) has its class. Every class is a `OneError`, which carries the
 * code, the server's message and the method; codes this client does not know keep the base class.
 */
import { ApiError } from '@overcast/runtime/errors';

export class OneError extends ApiError {
  override name = 'OneError';
  declare readonly code: number;
  declare readonly serverMessage: string;
  /** The XML-RPC method that failed, `one.vm.info`. */
  readonly method: string;

  constructor(method: string, serverMessage: string, code: number) {
    super(`${method} failed (code 0x${code.toString(16)}): ${serverMessage}`, { code, serverMessage });
    this.method = method;
  }
}

export class OneAuthenticationError extends OneError {
  override name = 'OneAuthenticationError';
}
export class OneAuthorizationError extends OneError {
  override name = 'OneAuthorizationError';
}
export class OneNoExistsError extends OneError {
  override name = 'OneNoExistsError';
}
export class OneActionError extends OneError {
  override name = 'OneActionError';
}
export class OneApiError extends OneError {
  override name = 'OneApiError';
}
export class OneInternalError extends OneError {
  override name = 'OneInternalError';
}
export class OneAllocateError extends OneError {
  override name = 'OneAllocateError';
}
export class OneLockedError extends OneError {
  override name = 'OneLockedError';
}
export class OneReplicationError extends OneError {
  override name = 'OneReplicationError';
}

/** oned's error codes (bit flags, `Request::ErrorCode`) → their classes. */
const ERROR_CLASSES: ReadonlyMap<number, typeof OneError> = new Map([
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

/** The error for a `[false, message, code]` answer of `method`. */
export function oneErrorFor(method: string, serverMessage: string, code: number): OneError {
  const ErrorClass = ERROR_CLASSES.get(code) ?? OneError;
  return new ErrorClass(method, serverMessage, code);
}
