/**
 * @overcast/schemas: the schema pins and their resolver. Generators call `schemaDir(provider)` to
 * find the verified schema files and `pinId(provider)` for their generated-file headers.
 */
export { SchemasError } from './errors.js';
export {
  loadManifest,
  type Manifest,
  type PinnedFile,
  type ProviderPins,
  type VersionPin,
} from './manifest.js';
export { defaultVersion, listPins, type Pin, pinId } from './pins.js';
export { type ResolvedVersion, type ResolveOptions, resolveSchemas } from './resolve.js';
export { type SchemaDirOptions, schemaDir } from './schema-dir.js';
export { type VerifiedVersion, type VerifyOptions, verifyCache } from './verify.js';
