/**
 * oVirt's errors: every failed answer is an `OvirtError` (or the runtime's `AuthError` /
 * `NotFoundError`) carrying the HTTP status, the `<fault>`'s reason and detail, and the raw body.
 */
import { ApiError, type ApiErrorOptions, AuthError, DecodeError, NotFoundError } from '@overcast/runtime';

export interface Fault {
  reason?: string;
  detail?: string;
}

/** A failure the engine answered with, other than authentication and not-found. */
export class OvirtError extends ApiError {
  override name = 'OvirtError';
  readonly fault: Fault | undefined;
  constructor(message: string, options: ApiErrorOptions & { fault?: Fault } = {}) {
    super(message, options);
    this.fault = options.fault;
  }
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

/** The error for a failed answer: 401/403 → AuthError, 404 → NotFoundError, else OvirtError. */
export function answerError(
  status: number,
  fault: Fault | undefined,
  body: string,
  fallback: string,
): ApiError {
  const message =
    fault === undefined
      ? `${fallback}. HTTP response code is ${status}.`
      : `Fault reason is "${fault.reason ?? ''}". Fault detail is "${fault.detail ?? ''}". HTTP response code is ${status}.`;
  const options = {
    status,
    body,
    ...(fault?.reason === undefined ? {} : { code: fault.reason }),
    ...(fault === undefined ? {} : { serverMessage: fault.detail ?? fault.reason }),
  };
  if (status === 401 || status === 403) return new AuthError(message, options);
  if (status === 404) return new NotFoundError(message, options);
  return new OvirtError(message, { ...options, ...(fault === undefined ? {} : { fault }) });
}
