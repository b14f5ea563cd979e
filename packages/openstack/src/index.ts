/**
 * @overcast/openstack: an openstacksdk-style OpenStack client whose methods and types are generated
 * from the OpenStack OpenAPI specs (compute, identity, image, network, block-storage).
 *
 * This stage exports the generated layer: per service a namespace (`compute`, `identity`, `image`,
 * `network`, `blockStorage`) with the wire types (`paths`, `components`, `operations`), the method
 * types (`compute.CreateServerBody`, `compute.ServersItem`…), the proxy method declarations
 * (`compute.ComputeProxyMethods`) and the operation tables; `SERVICES` gathers the tables.
 */

// The runtime's error classes, kinds, options and waitFor, so that a user installs one package.
export * from '@overcast/runtime/public';
export * from './config/index.js';
export * from './generated/index.js';
export type {
  BinaryBody,
  BinaryResponse,
  BodySpec,
  FindSpec,
  HttpMethod,
  JsonPatch,
  ListItem,
  OpenStackCallOptions,
  OperationSpec,
  QueryInfo,
  ServiceSpec,
  Unwrap,
  VersionRange,
} from './operation-types.js';
