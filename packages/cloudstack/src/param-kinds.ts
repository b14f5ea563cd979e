/**
 * Checks a call's non-string parameters against the command's table entry before anything is
 * signed, so a wrong shape fails here naming the parameter instead of as a server 431.
 */
import { ParameterError } from '@overcast/runtime/errors';
import type { CloudStackParams } from '@overcast/runtime/signing';
import type { CommandSpec } from './command-types.js';

type Kind = 'b' | 'n' | 'l' | 'm';

const parsed = new Map<string, ReadonlyMap<string, Kind>>();

/** `'ids:l,tags:m'` → its map, parsed once per table entry. */
function kindsOf(spec: CommandSpec): ReadonlyMap<string, Kind> {
  let kinds = parsed.get(spec[2]);
  if (kinds === undefined) {
    kinds = new Map(
      spec[2]
        .split(',')
        .filter((entry) => entry !== '')
        .map((entry) => {
          const at = entry.lastIndexOf(':');
          return [entry.slice(0, at), entry.slice(at + 1) as Kind];
        }),
    );
    parsed.set(spec[2], kinds);
  }
  return kinds;
}

const EXPECTED: Record<Kind, string> = {
  b: 'a boolean (or "true"/"false")',
  n: 'an integer (or its decimal string)',
  l: 'a string or an array of strings/numbers',
  m: 'an object or an array of objects',
};

export function checkParams(command: string, spec: CommandSpec, params: CloudStackParams): void {
  const kinds = kindsOf(spec);
  for (const [name, value] of Object.entries(params)) {
    const kind = kinds.get(name);
    if (kind === undefined || value === undefined || value === null || fits(kind, value)) continue;
    throw new ParameterError(`${command}: parameter "${name}" must be ${EXPECTED[kind]}`);
  }
}

function fits(kind: Kind, value: unknown): boolean {
  switch (kind) {
    case 'b':
      return typeof value === 'boolean' || value === 'true' || value === 'false';
    case 'n':
      return (
        (typeof value === 'number' && Number.isInteger(value)) ||
        (typeof value === 'string' && /^-?\d+$/.test(value))
      );
    case 'l':
      return (
        typeof value === 'string' ||
        (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number'))
      );
    case 'm':
      return isMap(value) || (Array.isArray(value) && value.every(isMap));
  }
}

function isMap(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
