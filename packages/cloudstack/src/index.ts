/**
 * @overcast/cloudstack: a `cs`-style CloudStack client whose methods and types are generated from
 * CloudStack's own listApis.
 */

// The runtime's error classes, kinds, options and waitFor, so that a user installs one package.
export * from '@overcast/runtime/public';
export { CloudStack, type CloudStackOptions } from './client.js';
export type {
  Args,
  AsyncCallOptions,
  AsyncCommand,
  AsyncJobSubmission,
  /** The runtime's `CallOptions` (timeout, signal, headers, query, retry) plus CloudStack's `method`. */
  CallOptions,
  /** The same as `CallOptions`, by a name that does not clash with the runtime's. */
  CallOptions as CloudStackCallOptions,
  CommandSpec,
  FetchListOptions,
  ListCommand,
  ParamKind,
  SyncCommand,
} from './command-types.js';
export { type CloudStackConfig, type ReadConfigOptions, readConfig } from './config.js';
export {
  CloudStackApiError,
  type CloudStackApiErrorFields,
  type CloudStackApiErrorOptions,
  CloudStackError,
  type CloudStackErrorFields,
} from './errors.js';
export { fieldsOf } from './fields.js';
export * from './generated/index.js';
export type {
  AnyCallOptions,
  CommandName,
  IterateArgs,
  IterateItem,
  IterateOptions,
  JobResult,
  ListCommandName,
  NoOptions,
  RequestArgs,
  RequestResult,
  WaitForJobOptions,
  WaitForJobResult,
} from './request-types.js';
export { commandSpec } from './specs.js';
