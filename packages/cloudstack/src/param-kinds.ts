/**
 * Checks a call's non-string parameters against the command's table entry before anything is
 * signed, so a wrong shape fails here naming the parameter instead of as a server 431.
 */
import { ParameterError } from '@overcast/runtime/errors';
import type { CloudStackParams } from '@overcast/runtime/signing';
import type { CommandSpec, ParamKind } from './command-types.js';

const EXPECTED: Record<ParamKind, string> = {
  boolean: 'a boolean (or "true"/"false")',
  integer: 'an integer (or its decimal string)',
  list: 'a string or an array of strings/numbers',
  map: 'an object or an array of objects',
};

export function checkParams(command: string, spec: CommandSpec, params: CloudStackParams): void {
  const kinds = spec.params;
  if (kinds === undefined) return;
  for (const [name, value] of Object.entries(params)) {
    const kind = Object.hasOwn(kinds, name) ? kinds[name] : undefined;
    if (kind === undefined || value === undefined || value === null || fits(kind, value)) continue;
    throw new ParameterError(`${command}: parameter "${name}" must be ${EXPECTED[kind]}`);
  }
}

function fits(kind: ParamKind, value: unknown): boolean {
  switch (kind) {
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false';
    case 'integer':
      return (
        (typeof value === 'number' && Number.isInteger(value)) ||
        (typeof value === 'string' && /^-?\d+$/.test(value))
      );
    case 'list':
      return (
        typeof value === 'string' ||
        (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number'))
      );
    case 'map':
      return isMap(value) || (Array.isArray(value) && value.every(isMap));
  }
}

function isMap(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
