/**
 * What every provider package re-exports (`export * from '@overcast/runtime/public'`), so that a
 * user installs one package: the error classes and kinds, the option types and `waitFor`. Taken
 * from the runtime's modules rather than its index, which would load the HTTP stack at import.
 */
export type { ErrorKind } from './error-kinds.js';
export {
  AbortError,
  ApiError,
  AuthError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  DecodeError,
  type ExchangeStage,
  NotFoundError,
  OvercastError,
  ParameterError,
  PermissionError,
  RateLimitError,
  TimeoutError,
} from './errors.js';
export type { CallOptions, ClientOptions, RetryOption } from './options.js';
export { type WaitForOptions, waitFor } from './poll.js';
