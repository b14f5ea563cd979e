/**
 * @overcast/ovirt: a typed oVirt Engine client in the style of the Python SDK (ovirtsdk4),
 * generated from the engine's own API model.
 */
// The runtime's error classes, kinds, options and waitFor, so that a user installs one package.
export * from '@overcast/runtime/public';
export { Connection, type ConnectionOptions, type Followed, type SendRequest } from './connection.js';
export {
  type Fault,
  OvirtAuthError,
  OvirtBadRequestError,
  OvirtConflictError,
  OvirtDecodeError,
  OvirtError,
  type OvirtErrorFields,
  OvirtNotFoundError,
  OvirtPermissionError,
  OvirtRateLimitError,
} from './errors.js';
export * from './generated/services.js';
export * as types from './generated/types.js';
export type { List } from './model-meta.js';
export type { NoParameters, RequestOptions, WaitOptions } from './service.js';
export { Service } from './service.js';
export type { SsoSettings } from './sso.js';
export { type ReadResult, readXml } from './xml-reader.js';
export { writeXml } from './xml-writer.js';
