/**
 * Finding and reading the first existing file of a search list, as openstacksdk's
 * `_load_yaml_json_file`: a path that does not exist, or that cannot be opened (a directory, no
 * permission), is passed over; the first one read wins and the rest are never looked at, even if
 * the winner is empty. What is read must then be a mapping (or empty).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ParameterError } from '@overcast/runtime/errors';
import { parseConfigText } from './pyyaml.js';
import { isDict, type PyDict } from './values.js';

export interface LoadedFile {
  /** The path as it was found (absolute). */
  path: string;
  /** The file's mapping; `undefined` when the file is empty. */
  data: PyDict | undefined;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Reads the first file of `candidates` that can be read; undefined when none can. */
export async function loadFirstFile(
  candidates: readonly string[],
  cwd: string,
): Promise<LoadedFile | undefined> {
  for (const candidate of candidates) {
    const path = resolve(cwd, candidate);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch {
      continue;
    }
    let text: string;
    try {
      text = UTF8.decode(bytes);
    } catch {
      throw new ParameterError(`${path}: not valid UTF-8 text`);
    }
    if (text.startsWith('\uFEFF')) text = text.slice(1);
    const data = parseConfigText(text, path);
    if (data === null) return { path, data: undefined };
    if (!isDict(data)) {
      throw new ParameterError(
        `${path}: the top level must be a mapping (with a "clouds" key), not ${describe(data)}`,
      );
    }
    return { path, data };
  }
  return undefined;
}

/** A short description of a value's kind, for errors (never the value: it may be a secret). */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  return 'a number';
}
