/**
 * @overcast/generator-core: what every Overcast generator shares. See README.md for how to write
 * a generator.
 */
export {
  type ApiDiffOptions,
  type ApiDiffResult,
  apiDiff,
  type GeneratorLoader,
  moduleGeneratorLoader,
} from './api-diff.js';
export { changesetFileName, renderChangeset, writeChangeset } from './changeset.js';
export { type CliIo, generatorMain, runGeneratorCli } from './cli.js';
export { type ApiChange, type ApiDiff, diffDigests, formatDiff, type SemverLevel } from './diff.js';
export {
  type ApiDigest,
  type DigestMember,
  type DigestMethod,
  type DigestType,
  parseDigest,
  readDigest,
  serializeDigest,
  writeDigest,
} from './digest.js';
export { DOC_WIDTH, type DocTags, docText, jsDocs } from './docs.js';
export { Emitter, type EmitterOptions, type GeneratedFile, generatedHeader, relativeImport } from './emit.js';
export { GeneratorError, SchemaFileError } from './errors.js';
export {
  digestOf,
  type Generator,
  type RunOptions,
  type RunSummary,
  readSchema,
  runGenerator,
} from './generator.js';
export { fits, LINE_WIDTH } from './line-width.js';
export {
  camelCase,
  isIdentifierName,
  pascalCase,
  propertyKey,
  safeIdentifier,
  snakeCase,
  splitWords,
  stringLiteral,
  upperSnake,
} from './naming.js';
export { assertNoOptionClash, optionClashes } from './option-clash.js';
export { inSchemaFile, readSchemaJson, readSchemaText } from './schema-files.js';
export type { SchemaChoice, SchemaSource } from './schemas.js';
export { sharedPath } from './shared-data.js';
