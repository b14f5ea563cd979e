import { ParameterError } from '@overcast/runtime/errors';
import { describe, expect, it } from 'vitest';
import {
  authUpdate,
  camelCase,
  floatRepr,
  fromJs,
  getBoolean,
  mergeClouds,
  normalizeKeys,
  pyFormat,
  pyRepr,
  pyStr,
  snakeCase,
  toJs,
} from './values.js';

describe('Python value semantics', () => {
  it('formats floats as repr() does', () => {
    expect(floatRepr(2.1)).toBe('2.1');
    expect(floatRepr(3)).toBe('3.0');
    expect(floatRepr(-0.5)).toBe('-0.5');
    expect(floatRepr(1e16)).toBe('1e+16');
    expect(floatRepr(1.5e-5)).toBe('1.5e-05');
    expect(floatRepr(0.0001)).toBe('0.0001');
    expect(floatRepr(123456789012345.6)).toBe('123456789012345.6');
    expect(floatRepr(Number.POSITIVE_INFINITY)).toBe('inf');
    expect(floatRepr(Number.NaN)).toBe('nan');
  });

  it('str() and repr() of every kind', () => {
    expect(pyStr(null)).toBe('None');
    expect(pyStr(true)).toBe('True');
    expect(pyStr(12n)).toBe('12');
    expect(pyStr(2.5)).toBe('2.5');
    expect(pyStr({ a: [1n, 'x'] })).toBe("{'a': [1, 'x']}");
    expect(pyRepr("it's")).toBe('"it\'s"');
  });

  it('normalizes keys and numbers as normalize_keys does', () => {
    expect(
      normalizeKeys({
        'auth-url': 'x',
        api_timeout: 30n,
        port: 8n,
        v: 2.1,
        nested: { 'a-b': 1n },
        list: [1n],
      }),
    ).toEqual({ auth_url: 'x', api_timeout: 30n, port: '8', v: '2.1', nested: { a_b: '1' }, list: [1n] });
  });

  it('fills named format fields and refuses the rest', () => {
    expect(pyFormat('https://{region_name}.x/{{v}}', { region_name: 'r1' })).toBe('https://r1.x/{v}');
    expect(pyFormat('{n}', { n: 5n })).toBe('5');
    expect(() => pyFormat('{missing}', {})).toThrow(/names no configuration key/);
    expect(() => pyFormat('{}', {})).toThrow(/positional/);
    expect(() => pyFormat('a } b', {})).toThrow(/Single/);
    expect(() => pyFormat('{a!r}', { a: 'x' })).toThrow(/unsupported/);
  });

  it('reads booleans as get_boolean does', () => {
    expect(getBoolean('TRUE', 'k')).toBe(true);
    expect(getBoolean('yes', 'k')).toBe(false);
    expect(getBoolean(null, 'k')).toBe(false);
    expect(() => getBoolean(1n, 'insecure')).toThrow(ParameterError);
  });

  it('merges deeply, and auth one level', () => {
    expect(mergeClouds({ a: { b: 1n, c: 2n } }, { a: { c: 3n } })).toEqual({ a: { b: 1n, c: 3n } });
    const target = { auth: { a: '1', b: '2' }, x: 'y' };
    authUpdate(target, { auth: { b: '3' }, x: 'z' });
    expect(target).toEqual({ auth: { a: '1', b: '3' }, x: 'z' });
  });

  it('converts names and JavaScript values', () => {
    expect(snakeCase('computeApiVersion')).toBe('compute_api_version');
    expect(snakeCase('blockStorageEndpointOverride')).toBe('block_storage_endpoint_override');
    expect(snakeCase('auth_url')).toBe('auth_url');
    expect(camelCase('application_credential_secret')).toBe('applicationCredentialSecret');
    expect(fromJs({ a: 3, b: 2.5, c: undefined }, 'x')).toEqual({ a: 3n, b: 2.5 });
    expect(() => fromJs({ f: () => 1 }, 'x')).toThrow(ParameterError);
    expect(toJs({ a: 3n, b: [4n] })).toEqual({ a: 3, b: [4] });
  });
});
