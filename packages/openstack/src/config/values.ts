/**
 * The values of a cloud configuration as openstacksdk holds them (Python's), and the few Python
 * behaviours its loader relies on, so that the resolution gives the same strings it gives:
 *
 * - an integer is a `bigint` (YAML `3`, JSON `3`), a float a `number` (YAML `2.10`, JSON `3.0`);
 *   `normalizeKeys` turns both into Python's `str()` (`'3'`, `'2.1'`, `'3.0'`), as openstacksdk's
 *   `_util.normalize_keys` does;
 * - `pyStr` is Python's `str()` (`None`, `True`, `'2.1'`, dict and list reprs);
 * - `pyFormat` is `str.format(**config)` for named fields, which openstacksdk applies to `auth_url`
 *   and to every top-level string (`https://{region_name}.example.com`);
 * - `getBoolean` is the loader's `get_boolean` (only `true`, any case, is true).
 */
import { ParameterError } from '@overcast/runtime/errors';

/** A value of a cloud configuration: Python's str, bool, None, int (bigint), float (number), list, dict. */
export type PyValue = string | boolean | null | bigint | number | PyValue[] | PyDict;
export interface PyDict {
  [key: string]: PyValue;
}

export function isDict(value: unknown): value is PyDict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy (Python's `copy.deepcopy` of plain data). */
export function deepCopy<T extends PyValue>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => deepCopy(item)) as T;
  if (isDict(value)) {
    const copy: PyDict = {};
    for (const [key, item] of Object.entries(value)) copy[key] = deepCopy(item);
    return copy as T;
  }
  return value;
}

/** Python's `repr(float)`: the shortest round-trip digits, exponent outside 1e-4 ≤ |x| < 1e16. */
export function floatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa = '0', exp = '0'] = value.toExponential().split('e');
  const exponent = Number(exp);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const abs = Math.abs(exponent);
    return `${sign}${body}e${exponent < 0 ? '-' : '+'}${abs < 10 ? `0${abs}` : abs}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
}

/** Python's `repr()` of a value (strings quoted as Python quotes them). */
export function pyRepr(value: PyValue): string {
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const escaped = value
      .replace(/\\/g, '\\\\')
      .replace(/\n/g, '\\n')
      .replace(/\r/g, '\\r')
      .replace(/\t/g, '\\t');
    return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
  }
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (isDict(value)) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${pyRepr(key)}: ${pyRepr(item)}`)
      .join(', ')}}`;
  }
  return pyStr(value);
}

/** Python's `str()`. */
export function pyStr(value: PyValue): string {
  if (typeof value === 'string') return value;
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return floatRepr(value);
  return pyRepr(value);
}

/** Python's truthiness. */
export function truthy(value: PyValue | undefined): boolean {
  if (value === undefined || value === null || value === false || value === '') return false;
  if (typeof value === 'bigint') return value !== 0n;
  if (typeof value === 'number') return value !== 0;
  if (Array.isArray(value)) return value.length > 0;
  if (isDict(value)) return Object.keys(value).length > 0;
  return true;
}

/** Keys whose integer values openstacksdk keeps as integers (every other integer becomes a string). */
const INTEGER_KEYS = new Set(['verbose_level', 'api_timeout']);

/**
 * openstacksdk's `normalize_keys`: `-` becomes `_` in every key of every nested mapping; integers
 * (but `verbose_level`, `api_timeout`) and floats become strings. Lists are left as they are.
 */
export function normalizeKeys(config: PyDict): PyDict {
  const normalized: PyDict = {};
  for (const [rawKey, value] of Object.entries(config)) {
    const key = rawKey.replace(/-/g, '_');
    if (isDict(value)) normalized[key] = normalizeKeys(value);
    else if (typeof value === 'bigint') normalized[key] = INTEGER_KEYS.has(key) ? value : value.toString();
    else if (typeof value === 'number') normalized[key] = floatRepr(value);
    else normalized[key] = value;
  }
  return normalized;
}

/** openstacksdk's `merge_clouds`: `update`, recursing into nested mappings. */
export function mergeClouds(base: PyDict, update: PyDict): PyDict {
  const merged: PyDict = { ...base };
  for (const [key, value] of Object.entries(update)) {
    if (isDict(value)) {
      const current = merged[key];
      merged[key] = isDict(current) ? mergeClouds(current, value) : { ...value };
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

/** openstacksdk's `_auth_update`: `update` of a deep copy, merging the nested `auth` mapping one level. */
export function authUpdate(target: PyDict, source: PyDict): PyDict {
  const copy = deepCopy(source);
  for (const [key, value] of Object.entries(copy)) {
    const current = target[key];
    if (key === 'auth' && current !== undefined && isDict(current) && isDict(value)) {
      Object.assign(current, value);
    } else if (key === 'auth' && isDict(value)) {
      target[key] = { ...value };
    } else {
      target[key] = value;
    }
  }
  return target;
}

/** The loader's `get_boolean`: true, or a string that is `true` in any case. */
export function getBoolean(value: PyValue | undefined, where: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.toLowerCase() === 'true';
  throw new ParameterError(`${where} must be true or false, not ${pyRepr(value)}`);
}

/** Thrown by `pyFormat` when a template cannot be expanded; the caller names the key. */
export class FormatError extends Error {}

/**
 * Python's `template.format(**values)` for the named fields openstacksdk's configurations use
 * (`{region_name}`); `{{` and `}}` are literal braces. A field naming no value, a positional field,
 * a lone brace, or a conversion or format spec is a `FormatError` (Python raises too).
 */
export function pyFormat(template: string, values: PyDict): string {
  if (!template.includes('{') && !template.includes('}')) return template;
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const char = template[i]!;
    if (char === '{') {
      if (template[i + 1] === '{') {
        out += '{';
        i++;
        continue;
      }
      const end = template.indexOf('}', i);
      if (end < 0) throw new FormatError("Single '{' encountered in format string");
      const field = template.slice(i + 1, end);
      if (field === '' || /^\d/.test(field)) throw new FormatError(`positional field {${field}}`);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) throw new FormatError(`unsupported field {${field}}`);
      const value = values[field];
      if (value === undefined) throw new FormatError(`{${field}} names no configuration key`);
      out += pyStr(value);
      i = end;
    } else if (char === '}') {
      if (template[i + 1] !== '}') throw new FormatError("Single '}' encountered in format string");
      out += '}';
      i++;
    } else {
      out += char;
    }
  }
  return out;
}

/** `computeApiVersion` → `compute_api_version`; snake_case names are left as they are. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** `auth_url` → `authUrl`. */
export function camelCase(name: string): string {
  return name.replace(/[_-]+([a-zA-Z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * A caller's value (a JavaScript value) as a configuration value: a whole number becomes an integer
 * (bigint), any other number a float; `undefined` members are dropped.
 */
export function fromJs(value: unknown, where: string): PyValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map((item, index) => fromJs(item, `${where}[${index}]`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const dict: PyDict = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (item !== undefined) dict[key] = fromJs(item, `${where}.${key}`);
    }
    return dict;
  }
  throw new ParameterError(`${where}: a configuration value must be plain data, not ${typeof value}`);
}

/** A configuration value as plain JSON data (integers as numbers). */
export function toJs(value: PyValue): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (Array.isArray(value)) return value.map(toJs);
  if (isDict(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = toJs(item);
    return out;
  }
  return value;
}
