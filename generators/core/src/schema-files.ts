/**
 * Helpers for readers, so that every failure to read or parse a schema file names the file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { messageOf, SchemaFileError } from './errors.js';

/** Runs `parse` on behalf of `file`: whatever it throws becomes a SchemaFileError naming the file. */
export function inSchemaFile<T>(file: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof SchemaFileError) throw error;
    throw new SchemaFileError(file, messageOf(error), { cause: error });
  }
}

/** `schemaDir/file` as UTF-8 text. */
export function readSchemaText(schemaDir: string, file: string): string {
  const path = join(schemaDir, file);
  return inSchemaFile(path, () => readFileSync(path, 'utf8'));
}

/** `schemaDir/file` parsed as JSON. */
export function readSchemaJson(schemaDir: string, file: string): unknown {
  const text = readSchemaText(schemaDir, file);
  return inSchemaFile(join(schemaDir, file), () => JSON.parse(text) as unknown);
}
