/**
 * @overcast/ec2: a typed client for EC2-compatible endpoints (OpenStack ec2-api and others),
 * generated from botocore's EC2 model 2014-10-01: the `EC2` client (a method per operation,
 * paginators, waiters), a boto-style layer (`EC2Connection`: `getAllImages()`, `image.run()`,
 * `instance.update()`), typed errors by kind, and the protocol layer underneath (the operation
 * table, the query serializer, the response and error readers).
 */

// The runtime's error classes, kinds, options and waitFor, so that a user installs one package.
export * from '@overcast/runtime/public';
export {
  connectEc2,
  connectToRegion,
  EC2Connection,
  type EC2ConnectionOptions,
  type Filters,
  Image,
  Instance,
  KeyPair,
  RegionInfo,
  Reservation,
  type RunOptions,
  SecurityGroup,
  type SecurityGroupRule,
  Zone,
} from './boto.js';
export { EC2, type EC2Options, type EC2PublicOptions, isIdempotent, isReadOperation } from './client.js';
export type {
  Ec2CallOptions,
  Ec2Output,
  Ec2PaginateOptions,
  Ec2WaiterOptions,
  ResponseMetadata,
} from './client-types.js';
export { type Environment, type IniFile, parseIni } from './config.js';
export {
  EC2_ERRORS,
  Ec2Error,
  type Ec2ErrorFields,
  type Ec2ErrorOptions,
  Ec2WaiterError,
  errorKind,
  KIND_TABLE,
  type KindRule,
} from './errors.js';
export * from './generated/index.js';
/** The model's shapes under one name, for those the boto layer's classes shadow (`types.Image`, `types.Instance`). */
export type * as types from './generated/types.js';
export { type PageFetcher, type PaginateOptions, paginatePages } from './paginate.js';
export type * from './protocol.js';
export { encodeQueryParams, type QueryInput, type QueryParam, queryParams, serializeQuery } from './query.js';
export {
  DEFAULT_MAX_DELAY_MS,
  matchAcceptor,
  runWaiter,
  type WaiterFailure,
  type WaiterOptions,
  type WaiterOutcome,
} from './waiters.js';
export {
  type Ec2ErrorEntry,
  type Ec2ErrorResponse,
  parseErrorResponse,
  readErrorResponse,
} from './xml-errors.js';
export { type Ec2Response, readResponse } from './xml-reader.js';
