/**
 * The API digest (`packages/<p>/api-digest.json`, committed): every method and type of a
 * provider's API with parameter and field names and types. Facts only, no descriptions, so that a
 * schema bump shows up in review as exactly the API change it makes. Serialised with sorted keys,
 * so the same API always gives the same bytes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { GeneratorError, messageOf } from './errors.js';

export interface DigestMember {
  type: string;
  required: boolean;
}

export interface DigestMethod {
  params: Record<string, DigestMember>;
  returns: string;
}

export type DigestType = { fields: Record<string, DigestMember> } | { enum: string[] };

export interface ApiDigest {
  provider: string;
  schemaVersion: string;
  methods: Record<string, DigestMethod>;
  types: Record<string, DigestType>;
}

/** 2-space JSON with every object's keys sorted (array order is kept), and a final newline. */
export function serializeDigest(digest: ApiDigest): string {
  return `${JSON.stringify(sortKeys(digest), null, 2)}\n`;
}

export async function writeDigest(path: string, digest: ApiDigest): Promise<void> {
  await writeFile(path, serializeDigest(digest));
}

export async function readDigest(path: string): Promise<ApiDigest> {
  const text = await readFile(path, 'utf8');
  return parseDigest(text, path);
}

/** Parses and checks a digest; `source` names it in errors. */
export function parseDigest(text: string, source: string): ApiDigest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new GeneratorError(`${source}: not JSON: ${messageOf(error)}`, { cause: error });
  }
  const problem = digestProblem(value);
  if (problem) throw new GeneratorError(`${source}: not an API digest: ${problem}`);
  return value as ApiDigest;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  // fromEntries, not assignment: a key named `__proto__` must stay a key.
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

/** What makes `value` not an ApiDigest, or undefined when it is one. */
function digestProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'not an object';
  if (typeof value['provider'] !== 'string') return '"provider" is not a string';
  if (typeof value['schemaVersion'] !== 'string') return '"schemaVersion" is not a string';
  if (!isRecord(value['methods'])) return '"methods" is not an object';
  if (!isRecord(value['types'])) return '"types" is not an object';
  for (const [name, method] of Object.entries(value['methods'])) {
    const problem = methodProblem(method);
    if (problem) return `method "${name}": ${problem}`;
  }
  for (const [name, type] of Object.entries(value['types'])) {
    const problem = typeProblem(type);
    if (problem) return `type "${name}": ${problem}`;
  }
  return undefined;
}

function methodProblem(method: unknown): string | undefined {
  if (!isRecord(method) || typeof method['returns'] !== 'string') return 'needs a string "returns"';
  return membersProblem(method['params'], 'params');
}

function typeProblem(type: unknown): string | undefined {
  if (isRecord(type) && Array.isArray(type['enum'])) {
    return type['enum'].every((member) => typeof member === 'string')
      ? undefined
      : 'enum values must be strings';
  }
  if (isRecord(type)) return membersProblem(type['fields'], 'fields');
  return 'needs "fields" or "enum"';
}

function membersProblem(members: unknown, label: string): string | undefined {
  if (!isRecord(members)) return `"${label}" is not an object`;
  for (const [name, member] of Object.entries(members)) {
    if (!isRecord(member) || typeof member['type'] !== 'string' || typeof member['required'] !== 'boolean') {
      return `"${name}" needs a string "type" and a boolean "required"`;
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
