/**
 * @overcast/openstack: an openstacksdk-style OpenStack client whose methods and types are generated
 * from the OpenStack OpenAPI specs (compute, identity, image, network, block-storage).
 *
 * - `connect()` / `new Connection()`: Keystone v3 auth, the catalog, version discovery;
 * - the proxies (`conn.compute`, `conn.identity`, `conn.image`, `conn.network`,
 *   `conn.blockStorage`): every operation of the specs as a method, lists as async iterators over
 *   every page, `find…`, waits, and the raw layer (`get`/`post`/… on the versioned endpoint);
 * - the cloud layer (`conn.createServer({ image, flavor, wait })`, `conn.createImage(…)`…);
 * - per service a namespace (`compute`, `identity`, `image`, `network`, `blockStorage`) with the
 *   wire types and method types, and `SERVICES`, the operation tables;
 * - the configuration layer (`loadCloudConfig`, `openstack-config`);
 * - errors by kind (`HttpError` and its kinds, `EndpointNotFound`, `ResourceFailure`,
 *   `ResourceTimeout`) and the runtime's error classes, options and `waitFor`.
 */

// The runtime's error classes, kinds, options and waitFor, so that a user installs one package.
export * from '@overcast/runtime/public';
export type { AccessInfo, AuthOptions, AuthType, NamedRef } from './auth.js';
export type { CatalogEndpoint, CatalogEntry } from './catalog.js';
export type {
  CreateImageOptions,
  CreateServerOptions,
  DeleteServerOptions,
  DownloadImageOptions,
  FlavorByRamOptions,
  NameOrId,
} from './cloud.js';
export * from './config/index.js';
export { Connection, type ConnectionOptions, type ConnectOptions, connect } from './connection.js';
export {
  DuplicateResource,
  EndpointNotFound,
  ForbiddenError,
  HttpAuthError,
  HttpBadRequestError,
  HttpConflictError,
  HttpError,
  type HttpErrorFields,
  HttpNotFoundError,
  HttpPermissionError,
  HttpRateLimitError,
  KIND_TABLE,
  type KindRule,
  ResourceFailure,
  type ResourceFailureFields,
  ResourceNotFound,
  ResourceTimeout,
} from './errors.js';
export * from './generated/index.js';
export type {
  AtMicroversion,
  BinaryBody,
  BinaryResponse,
  BodySpec,
  FindSpec,
  HttpMethod,
  IsMicroversion,
  JsonPatch,
  ListItem,
  OpenStackCallOptions,
  OperationSpec,
  QueryInfo,
  ServiceSpec,
  Unwrap,
  VersionRange,
} from './operation-types.js';
export type {
  BlockStorageProxy,
  ComputeProxy,
  IdentityProxy,
  ImageProxy,
  NetworkProxy,
  Proxies,
  RawRequestOptions,
  RawResponse,
  ResourceObject,
  ResourceRef,
  ServiceProxyMethods,
  WaitForDeleteOptions,
  WaitForServerOptions,
  WaitForStatusOptions,
  WaitOptions,
} from './proxy.js';
