import { describe, expect, it } from 'vitest';
import { decodeUntyped } from './decode.js';
import { parseTemplateText } from './template.js';
import { single, vector } from './template-values.js';

const template = parseTemplateText(
  'NAME = "web"\nNIC = [ IP = "10.0.0.5", NETWORK_ID = "0" ]\nNIC = [ IP = "10.0.0.6" ]\nSSH_KEY = "a"\nSSH_KEY = "b"\n',
);

describe('vector', () => {
  it('gives every vector of a name, in order', () => {
    expect(vector(template, 'NIC')).toEqual([{ IP: '10.0.0.5', NETWORK_ID: '0' }, { IP: '10.0.0.6' }]);
    expect(single(vector(template, 'NIC')[1], 'IP')).toBe('10.0.0.6');
  });

  it('gives one vector as an array of one, and none as []', () => {
    const decoded = decodeUntyped('<TEMPLATE><DISK><IMAGE_ID>4</IMAGE_ID></DISK></TEMPLATE>', 'TEMPLATE');
    expect(vector(decoded, 'DISK')).toEqual([{ IMAGE_ID: '4' }]);
    expect(vector(decoded, 'NIC')).toEqual([]);
    expect(vector(undefined, 'NIC')).toEqual([]);
  });

  it('refuses a single attribute', () => {
    expect(() => vector(template, 'NAME')).toThrow(/NAME is a single attribute, not a vector/);
    expect(() => vector(template, 'SSH_KEY')).toThrow(TypeError);
  });
});

describe('single', () => {
  it('gives a single attribute’s value, the first of one given more than once', () => {
    expect(single(template, 'NAME')).toBe('web');
    expect(single(template, 'SSH_KEY')).toBe('a');
  });

  it('gives undefined when there is none', () => {
    expect(single(template, 'MEMORY')).toBeUndefined();
    expect(single(undefined, 'NAME')).toBeUndefined();
    expect(single(vector(template, 'DISK')[0], 'IMAGE_ID')).toBeUndefined();
  });

  it('refuses a vector', () => {
    expect(() => single(template, 'NIC')).toThrow(/NIC is a vector, not a single attribute/);
  });
});
