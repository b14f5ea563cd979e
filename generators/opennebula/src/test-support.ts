/** Shared by this generator's tests: the resolved schema folders and the research reference tables. */
import { readFileSync } from 'node:fs';
import { sharedPath } from '@overcast/generator-core';
import { schemaDir } from '@overcast/schemas';

export const LATEST = '7.5.80';
export const OLDER = '7.2.0';

export function oneSchemaDir(version = LATEST): string {
  return schemaDir('opennebula', version);
}

/** A file of ../shared/design/research, read in place; fails (never skips) when ../shared is missing. */
export function researchJson<T>(name: string): T {
  return JSON.parse(readFileSync(sharedPath(`design/research/${name}`), 'utf8')) as T;
}

export interface ReferenceMethod {
  xmlrpc: string;
  grpc: string;
  header_grpc_path?: string;
  response: string;
  params: Array<{ name: string; type: string }>;
  cpp_params: Array<{ index: number; get: string; optional_default?: string }>;
}

export function referenceMethods(): ReferenceMethod[] {
  return researchJson<{ methods: ReferenceMethod[] }>('opennebula-methods.json').methods;
}
