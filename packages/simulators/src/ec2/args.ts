/**
 * Request parameters as ec2-api reads them (`ec2utils.dict_from_dotted_str` and
 * `APIRequest.invoke`): names split on dots, each part snake-cased (`InstanceId.1` →
 * `instance_id`, `Filter.1.Value.2` → `filter[0].value[1]`), numbered parts turned into lists,
 * `{value: x}` unwrapped (`DisableApiTermination.Value`). So `instanceId.1` and `InstanceId.1` are
 * the same parameter, as on the real server. Values stay strings here; the validators below turn
 * them into numbers and booleans where the action wants them, with ec2-api's errors.
 */
import { invalidParameterValue, missingParameter, validationError } from './errors.js';

export type ArgValue = string | ArgValue[] | Args;
export interface Args {
  [name: string]: ArgValue;
}

/** Parameters ec2-api's `Requestify` removes before the action sees them (plus SigV4's query form). */
const NON_ARGS = new Set([
  'Action',
  'Signature',
  'AWSAccessKeyId',
  'SignatureMethod',
  'SignatureVersion',
  'Version',
  'Timestamp',
  'Expires',
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'X-Amz-Security-Token',
]);

const CAMEL_BOUNDARY = /((?<=[a-z])[A-Z])|([A-Z](?![A-Z]|$))/g;
const snakeCache = new Map<string, string>();

/** `ec2utils.camelcase_to_underscore`: `InstanceId` → `instance_id`, `AWSAccessKeyId` → `aws_access_key_id`. */
export function snakeCase(name: string): string {
  let snake = snakeCache.get(name);
  if (snake === undefined) {
    snake = name
      .replace(CAMEL_BOUNDARY, (m) => `_${m}`)
      .toLowerCase()
      .replace(/^_+|_+$/g, '');
    if (snakeCache.size < 10_000) snakeCache.set(name, snake);
  }
  return snake;
}

type Tree = { [name: string]: string | Tree };

/** The action's arguments from the request's parameters (first value of a repeated name). */
export function parseArgs(params: ReadonlyMap<string, string>): Args {
  const tree: Tree = {};
  for (const [key, value] of params) {
    if (NON_ARGS.has(key)) continue;
    const parts = key.split('.');
    let node: Tree = tree;
    for (let i = 0; i < parts.length - 1; i += 1) {
      const part = snakeCase(parts[i] as string);
      const next = node[part];
      if (next === undefined || typeof next === 'string') {
        const created: Tree = {};
        node[part] = created;
        node = created;
      } else {
        node = next;
      }
    }
    node[snakeCase(parts[parts.length - 1] as string)] = value;
  }
  return convert(tree) as Args;
}

/** Numbered keys become lists (in numeric order), a lone `value` key is unwrapped, recursively. */
function convert(node: string | Tree): ArgValue {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  if (keys.length > 0 && /^\d+$/.test(keys[0] as string)) {
    return keys
      .filter((k) => /^\d+$/.test(k))
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => convert(node[k] as string | Tree));
  }
  if (keys.length === 1 && keys[0] === 'value') return convert(node.value as string | Tree);
  const out: Args = {};
  for (const key of keys) out[key] = convert(node[key] as string | Tree);
  return out;
}

/** A required argument: `MissingParameter` naming it as ec2-api does (snake case) when absent. */
export function required<T>(value: T | undefined, name: string): T {
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

/** A string argument (`validate_str`): a nested value is a `ValidationError`, as on the server. */
export function str(args: Args, name: string, maxLength?: number): string | undefined {
  const value = args[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || (maxLength !== undefined && value.length > maxLength)) {
    throw validationError(`${name} should not be greater than 255 characters.`);
  }
  return value;
}

/** An integer argument (`validate_int`). */
export function int(args: Args, name: string): number | undefined {
  const value = args[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && /^[-+]?\d+$/.test(value.trim())) return Number.parseInt(value, 10);
  throw validationError(`Expected an integer value for parameter ${name}`);
}

/** A boolean argument (`validate_bool`): `true`/`false` in any case. */
export function bool(args: Args, name: string): boolean | undefined {
  const value = args[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    const lowered = value.toLowerCase();
    if (lowered === 'true') return true;
    if (lowered === 'false') return false;
  }
  throw validationError(`Expected a boolean value for parameter ${name}`);
}

/** A list argument (`Name.1`, `Name.2`…); a bare `Name=x` is not a list, as ec2-api says. */
export function list(args: Args, name: string): ArgValue[] | undefined {
  const value = args[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalidParameterValue(value, name, 'Expected a list here');
  return value;
}

/** A list of strings. */
export function strings(args: Args, name: string): string[] | undefined {
  const values = list(args, name);
  if (values === undefined) return undefined;
  for (const value of values) {
    if (typeof value !== 'string')
      throw validationError(`${name} should not be greater than 255 characters.`);
  }
  return values as string[];
}

/** A structure argument (`Placement.AvailabilityZone`). */
export function struct(args: Args, name: string): Args | undefined {
  const value = args[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidParameterValue(value, name, 'Expected a structure here');
  }
  return value;
}

/** `validate_ec2_id`: `<prefix>-<hex>`; a wrong one is `InvalidParameterValue … Expected: i-...`. */
export function checkId(value: string, name: string, prefixes: readonly string[]): string {
  const dash = value.lastIndexOf('-');
  const prefix = value.slice(0, dash);
  const hex = value.slice(dash + 1);
  if (dash > 0 && /^[0-9a-fA-F]+$/.test(hex) && (prefixes.length === 0 || prefixes.includes(prefix))) {
    return value;
  }
  throw invalidParameterValue(
    value,
    name,
    prefixes.length === 0 ? 'Invalid EC2 id was specified.' : `Expected: ${prefixes[0]}-...`,
  );
}

/** A list of ids of one kind (`i_ids`, `vol_ids`…). */
export function ids(args: Args, name: string, prefixes: readonly string[]): string[] | undefined {
  const values = strings(args, name);
  if (values === undefined) return undefined;
  for (const value of values) checkId(value, name, prefixes);
  return values;
}

/** One id of a kind (`i_id`, `vol_id`…). */
export function id(args: Args, name: string, prefixes: readonly string[]): string | undefined {
  const value = str(args, name);
  return value === undefined ? undefined : checkId(value, name, prefixes);
}
