/**
 * @overcast/cloudstack: a `cs`-style CloudStack client whose methods and types are generated from
 * CloudStack's own listApis.
 */

export { type AnyCallOptions, CloudStack, type CloudStackOptions, type ListCommandName } from './client.js';
export type {
  AsyncCallOptions,
  AsyncCommand,
  AsyncJobSubmission,
  CallOptions,
  CommandSpec,
  FetchListOptions,
  ListCommand,
  SyncCommand,
} from './command-types.js';
export { type CloudStackConfig, type ReadConfigOptions, readConfig } from './config.js';
export { CloudStackApiError, type CloudStackApiErrorOptions, CloudStackError } from './errors.js';
export * from './generated/index.js';
