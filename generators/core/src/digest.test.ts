import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ApiDigest, parseDigest, readDigest, serializeDigest, writeDigest } from './digest.js';
import { tempDir } from './test-support/fake-generator.js';

const digest: ApiDigest = {
  schemaVersion: '4.18',
  provider: 'cloudstack',
  types: {
    VmState: { enum: ['Stopped', 'Running'] },
    VirtualMachine: {
      fields: { name: { type: 'string', required: false }, id: { type: 'string', required: true } },
    },
  },
  methods: {
    listVirtualMachines: {
      returns: 'VirtualMachine[]',
      params: { zoneid: { required: false, type: 'string' } },
    },
    deployVirtualMachine: { params: {}, returns: 'VirtualMachine' },
  },
};

describe('serializeDigest', () => {
  it('sorts every key, keeps array order, indents by 2 and ends with a newline', () => {
    expect(serializeDigest(digest)).toBe(`{
  "methods": {
    "deployVirtualMachine": {
      "params": {},
      "returns": "VirtualMachine"
    },
    "listVirtualMachines": {
      "params": {
        "zoneid": {
          "required": false,
          "type": "string"
        }
      },
      "returns": "VirtualMachine[]"
    }
  },
  "provider": "cloudstack",
  "schemaVersion": "4.18",
  "types": {
    "VirtualMachine": {
      "fields": {
        "id": {
          "required": true,
          "type": "string"
        },
        "name": {
          "required": false,
          "type": "string"
        }
      }
    },
    "VmState": {
      "enum": [
        "Stopped",
        "Running"
      ]
    }
  }
}
`);
  });

  it('does not depend on insertion order', () => {
    const names = fc.uniqueArray(fc.string({ minLength: 1 }), { maxLength: 8 });
    fc.assert(
      fc.property(names, (methodNames) => {
        const methods = Object.fromEntries(
          methodNames.map((name) => [name, { params: {}, returns: 'void' }]),
        );
        const reversed = Object.fromEntries(Object.entries(methods).reverse());
        const of = (m: ApiDigest['methods']): ApiDigest => ({
          provider: 'p',
          schemaVersion: '1',
          methods: m,
          types: {},
        });
        expect(serializeDigest(of(reversed))).toBe(serializeDigest(of(methods)));
        expect(parseDigest(serializeDigest(of(methods)), 'test')).toEqual(of(methods));
      }),
    );
  });

  it('keeps a type named __proto__', () => {
    const tricky: ApiDigest = { ...digest, types: JSON.parse('{"__proto__": {"enum": ["A"]}}') };
    expect(parseDigest(serializeDigest(tricky), 'test').types).toEqual(tricky.types);
  });
});

describe('writeDigest and readDigest', () => {
  it('round-trip', async () => {
    const path = join(tempDir(), 'api-digest.json');
    await writeDigest(path, digest);
    expect(readFileSync(path, 'utf8')).toBe(serializeDigest(digest));
    expect(await readDigest(path)).toEqual(digest);
  });

  it.each([
    ['{', /^broken\.json: not JSON: /],
    ['[]', /^broken\.json: not an API digest: not an object$/],
    ['{"provider": "p", "schemaVersion": "1", "methods": {}}', /"types" is not an object/],
    [
      '{"provider": "p", "schemaVersion": "1", "methods": {"m": {"params": {}}}, "types": {}}',
      /method "m": needs a string "returns"/,
    ],
    [
      '{"provider": "p", "schemaVersion": "1", "methods": {"m": {"params": {"x": {"type": "string"}}, "returns": "void"}}, "types": {}}',
      /method "m": "x" needs a string "type" and a boolean "required"/,
    ],
    [
      '{"provider": "p", "schemaVersion": "1", "methods": {}, "types": {"T": {"enum": [1]}}}',
      /type "T": enum values must be strings/,
    ],
    [
      '{"provider": "p", "schemaVersion": "1", "methods": {}, "types": {"T": 3}}',
      /type "T": needs "fields" or "enum"/,
    ],
  ])('rejects %s, naming the file', (text, message) => {
    expect(() => parseDigest(text, 'broken.json')).toThrow(message);
  });
});
