/**
 * Where a run's schema folder, version and pin id come from: @overcast/schemas by default, loaded
 * only when a run needs it, so that a run given all three (tests, a user's own schema) never does.
 */
import { GeneratorError, messageOf } from './errors.js';

/** The part of @overcast/schemas a generator run uses. */
export interface SchemaSource {
  schemaDir(provider: string, version?: string): string;
  defaultVersion(provider: string): string;
  pinId(provider: string, version: string): string;
}

export interface SchemaChoice {
  /** Default: the provider's default pinned version. */
  schemaVersion?: string;
  /** Default: the verified folder of the pin, from `schemas`. */
  schemaDir?: string;
  /** Default: the pin's id, from `schemas`. */
  pinId?: string;
  /** Default: @overcast/schemas. */
  schemas?: SchemaSource;
}

export interface ResolvedSchema {
  version: string;
  dir: string;
  pinId: string;
}

export async function resolveSchema(provider: string, choice: SchemaChoice): Promise<ResolvedSchema> {
  let source = choice.schemas;
  const schemas = async () => {
    source ??= await pinnedSchemas();
    return source;
  };
  const version = choice.schemaVersion ?? (await schemas()).defaultVersion(provider);
  return {
    version,
    dir: choice.schemaDir ?? (await schemas()).schemaDir(provider, version),
    pinId: choice.pinId ?? (await schemas()).pinId(provider, version),
  };
}

export async function pinnedSchemas(): Promise<SchemaSource> {
  try {
    return await import('@overcast/schemas');
  } catch (error) {
    throw new GeneratorError(`cannot load @overcast/schemas: ${messageOf(error)}`, { cause: error });
  }
}
