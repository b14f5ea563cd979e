import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sharedPath } from '@overcast/generator-core/shared-data';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParameterError } from './errors.js';
import {
  type CloudStackParam,
  type CloudStackParams,
  type CloudStackSignInput,
  cloudStackCanonicalString,
  cloudStackSignature,
  cloudStackStringToSign,
  javaUrlEncode,
  signCloudStack,
} from './signing.js';

// ---------------------------------------------------------------------------------------------
// The published vectors (cs's own tests, reproduced with cs 2.7.1), read in place from ../shared.

const VECTORS_PATH = sharedPath('design/research/cloudstack-signing-vectors.json');

interface Vector {
  name: string;
  note: string | null;
  inputs: {
    key: string;
    secret: string;
    method: 'GET' | 'POST';
    command: string;
    params: Record<string, unknown>;
    expiration_seconds: number;
    frozen_utcnow: string | null;
    expires: string | null;
    signatureVersion: string | null;
  };
  outputs: {
    signed_params: Record<string, string>;
    canonical_string: string;
    string_to_sign: string;
    cs_string_to_sign: string;
    signature: string;
    wire_query_string?: string;
    wire_form_body?: string;
    server_semantics_signature: string;
    server_semantics_matches_cs: boolean;
  };
}

function loadVectors(): Vector[] {
  return (JSON.parse(readFileSync(VECTORS_PATH, 'utf8')) as { vectors: Vector[] }).vectors;
}
const vectors = loadVectors();

/**
 * cs's `fetch_list=True` is a client option, not a parameter: cs drops it and adds `page=1` and
 * (with a case-insensitive `setdefault`) `pagesize=500`. Returns whether such an option was seen,
 * because cs then adds `page` after its own parameters, so the wire order differs from ours.
 */
function fromCsKwargs(kwargs: Record<string, unknown>): { params: CloudStackParams; csOnly: boolean } {
  const { fetch_list: fetchList, ...params } = kwargs;
  if (fetchList !== true) return { params: params as CloudStackParams, csOnly: false };
  const hasPageSize = Object.keys(params).some((k) => k.toLowerCase() === 'pagesize');
  return { params: { ...params, page: '1', ...(hasPageSize ? {} : { pagesize: '500' }) }, csOnly: true };
}

const sortedPairs = (query: string) => query.split('&').sort();

describe('the published CloudStack signing vectors', () => {
  it('are all there', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(7);
  });

  describe.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const { inputs, outputs } = vector;
    expect(inputs.expires, 'vectors with an explicit expires are not handled by this test').toBeNull();
    const { params, csOnly } = fromCsKwargs(inputs.params);
    const signed = signCloudStack({
      command: inputs.command,
      params,
      apiKey: inputs.key,
      secret: inputs.secret,
      expiration: inputs.expiration_seconds * 1000,
      now: () => (inputs.frozen_utcnow === null ? Date.now() : Date.parse(`${inputs.frozen_utcnow}Z`)),
    });
    const unsigned = signed.params.filter(([name]) => name !== 'signature');

    it('signs the same parameters', () => {
      expect(Object.fromEntries(unsigned)).toEqual(outputs.signed_params);
    });

    it('builds the canonical string and the string to sign', () => {
      expect(cloudStackCanonicalString(unsigned)).toBe(outputs.canonical_string);
      expect(signed.stringToSign).toBe(outputs.string_to_sign);
    });

    it("has the server's signature", () => {
      expect(signed.signature).toBe(outputs.server_semantics_signature);
      // Where cs and the server disagree (note: `vector.note`), we follow the server, not cs.
      if (outputs.server_semantics_matches_cs) {
        expect(signed.stringToSign).toBe(outputs.cs_string_to_sign);
        expect(signed.signature).toBe(outputs.signature);
      } else {
        expect(signed.stringToSign).not.toBe(outputs.cs_string_to_sign);
        expect(signed.signature).not.toBe(outputs.signature);
      }
    });

    const wire = inputs.method === 'POST' ? outputs.wire_form_body : outputs.wire_query_string;
    it.runIf(wire !== undefined)(
      `sends the same ${inputs.method === 'POST' ? 'form body' : 'query string'}`,
      () => {
        // With a cs-only option cs inserts `page` after its own parameters; the order is all that differs.
        if (csOnly) expect(sortedPairs(signed.queryString)).toEqual(sortedPairs(wire!));
        else expect(signed.queryString).toBe(wire);
      },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Vectors derived by hand from the server's rules (ApiServer.verifyRequest + Java URLEncoder):
// the expected string is written out here and the HMAC computed with node:crypto directly.

const KEY = 'plgWJfZK4gyS3mOMTVmjUVg-X-jlWlnfaUJ9GAbBbf9EdM-kAYMmAiLqzzq1ElZLYq_u38zCm0bewzGUdP66mg';
const SECRET = 'VDaACYb0LV9eNjTetIOElcVQkvJck_J_QljX_FcHRj87ZKiy0z0ty0ZsYBkoXkY9b7eq1EhwJaw7FF3akA3KBQ';
const NOW = Date.UTC(2024, 0, 1, 0, 0, 0);
const hmac = (stringToSign: string) => createHmac('sha1', SECRET).update(stringToSign).digest('base64');
const sign = (command: string, params: CloudStackParams, extra: Partial<CloudStackSignInput> = {}) =>
  signCloudStack({ command, params, apiKey: KEY, secret: SECRET, now: () => NOW, ...extra });
const key = KEY.toLowerCase();
const v3 = 'expires=2024-01-01t00%3a10%3a00%2b0000';

describe('vectors derived from the server rules', () => {
  it.each<[string, string, CloudStackParams, string]>([
    [
      '~ is %7E (Java URLEncoder), unlike cs',
      'listVirtualMachines',
      { keyword: 'a~b' },
      `apikey=${key}&command=listvirtualmachines&${v3}&keyword=a%7eb&response=json&signatureversion=3`,
    ],
    [
      'spaces are %20 and * stays',
      'listZones',
      { name: 'zone *1*', available: true },
      `apikey=${key}&available=true&command=listzones&${v3}&name=zone%20*1*&response=json&signatureversion=3`,
    ],
    [
      'unicode is UTF-8 percent-escaped, then lower-cased',
      'updateVirtualMachine',
      { id: 'f9b6', displayname: 'héllo wörld ✓' },
      `apikey=${key}&command=updatevirtualmachine&displayname=h%c3%a9llo%20w%c3%b6rld%20%e2%9c%93&${v3}` +
        '&id=f9b6&response=json&signatureversion=3',
    ],
    [
      'a list is comma-joined',
      'listVirtualMachines',
      { ids: ['a-1', 'b_2', 3], listall: false },
      `apikey=${key}&command=listvirtualmachines&${v3}&ids=a-1%2cb_2%2c3&listall=false&response=json&signatureversion=3`,
    ],
    [
      'a map given as an object is entry 0',
      'deployVirtualMachine',
      { zoneid: 'z', details: { cpuNumber: 2, memory: '2048' } },
      `apikey=${key}&command=deployvirtualmachine&details[0].cpunumber=2&details[0].memory=2048&${v3}` +
        '&response=json&signatureversion=3&zoneid=z',
    ],
    [
      'a map given as an array of objects is numbered',
      'createTags',
      {
        resourceids: 'vm1',
        resourcetype: 'UserVm',
        tags: [
          { key: 'env', value: 'prod' },
          { key: 'team', value: 'a+b=c/d?e & more' },
        ],
      },
      `apikey=${key}&command=createtags&${v3}&resourceids=vm1&resourcetype=uservm&response=json&signatureversion=3` +
        '&tags[0].key=env&tags[0].value=prod&tags[1].key=team&tags[1].value=a%2bb%3dc%2fd%3fe%20%26%20more',
    ],
    [
      'names sort case-sensitively before lower-casing (Z < a)',
      'listZones',
      { Zebra: '1', apple: '2' },
      `zebra=1&apikey=${key}&apple=2&command=listzones&${v3}&response=json&signatureversion=3`,
    ],
  ])('%s', (_name, command, params, expected) => {
    const signed = sign(command, params);
    expect(signed.stringToSign).toBe(expected);
    expect(signed.signature).toBe(hmac(expected));
  });

  it('differs from what cs signs for a ~ (cs keeps it raw and the server rejects that)', () => {
    const signed = sign('listVirtualMachines', { keyword: 'a~b' }, { expiration: -1 });
    const csString = `apikey=${key}&command=listvirtualmachines&keyword=a~b&response=json`;
    expect(signed.stringToSign).toBe(`apikey=${key}&command=listvirtualmachines&keyword=a%7eb&response=json`);
    expect(signed.signature).not.toBe(hmac(csString));
  });

  it('encodes the wire query with the same encoder, signature last', () => {
    const signed = sign('createTags', { name: 'a b~*', tags: [{ key: 'env', value: 'a+b' }] });
    const signature = javaUrlEncode(signed.signature);
    expect(signed.queryString).toBe(
      `name=a%20b%7E*&apiKey=${KEY}&command=createTags&response=json&signatureVersion=3` +
        `&expires=2024-01-01T00%3A10%3A00%2B0000&tags%5B0%5D.key=env&tags%5B0%5D.value=a%2Bb&signature=${signature}`,
    );
    expect(signed.params.at(-1)).toEqual(['signature', signed.signature]);
  });

  it('lets a verifier recompute the signature from the decoded wire parameters', () => {
    const signed = sign('listZones', { name: 'héllo ~ wörld', ids: ['1', '2'], details: { a: 'b c' } });
    const decoded = [...new URLSearchParams(signed.queryString)];
    expect(decoded).toEqual(signed.params);
    expect(hmac(cloudStackStringToSign(decoded))).toBe(signed.signature);
  });
});

describe('javaUrlEncode', () => {
  it.each([
    ['AZaz09.-*_', 'AZaz09.-*_'],
    ['~', '%7E'],
    [' ', '%20'],
    ['+', '%2B'],
    ["!'()", '%21%27%28%29'],
    ['*.example.com', '*.example.com'],
    ['foo?', 'foo%3F'],
    ['é✓😀', '%C3%A9%E2%9C%93%F0%9F%98%80'],
    ['a\uD800b', 'a%3Fb'], // a lone surrogate is '?', as Java's UTF-8 encoder writes it
  ])('%j → %s', (input, expected) => {
    expect(javaUrlEncode(input)).toBe(expected);
  });

  it('writes only [A-Za-z0-9.*_%-] for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(javaUrlEncode(s)).toMatch(/^[A-Za-z0-9.*_%-]*$/);
      }),
    );
  });

  it('agrees with encodeURIComponent plus the escapes URLEncoder adds, for any well-formed string', () => {
    // The oracle is the textbook definition; the encoder itself avoids the regex replace for speed.
    const reference = (s: string) =>
      encodeURIComponent(s).replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const wellFormed = fc.string({ unit: 'binary' }).filter((s) => !/\p{Cs}/u.test(s));
    fc.assert(
      fc.property(wellFormed, (s) => {
        expect(javaUrlEncode(s)).toBe(reference(s));
      }),
    );
  });

  it('decodes back to any well-formed string', () => {
    const wellFormed = fc.string({ unit: 'binary' }).filter((s) => !/\p{Cs}/u.test(s));
    fc.assert(
      fc.property(wellFormed, (s) => {
        expect(decodeURIComponent(javaUrlEncode(s))).toBe(s);
      }),
    );
  });
});

describe('cloudStackSignature', () => {
  // The signer computes HMAC-SHA1 from node:crypto's one-shot hash; createHmac is the oracle.
  const oracle = (message: string, secret: string) =>
    createHmac('sha1', secret).update(message, 'utf8').digest('base64');

  it('equals createHmac for any secret (longer than a block too) and any message (long ones too)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 3000 });
    fc.assert(
      fc.property(
        text.filter((s) => s !== ''),
        text,
        (secret, message) => {
          expect(cloudStackSignature(message, secret)).toBe(oracle(message, secret));
        },
      ),
    );
  });

  it('keeps each secret apart when calls alternate between secrets', () => {
    const secrets = ['first-secret', 'second-secret', 'x'.repeat(100)];
    for (let round = 0; round < 3; round++) {
      for (const secret of secrets) {
        expect(cloudStackSignature(`round ${round}`, secret)).toBe(oracle(`round ${round}`, secret));
      }
    }
  });
});

describe('signCloudStack', () => {
  it('signs exactly its string to sign, for any names and values', () => {
    const name = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 });
    const params = fc.dictionary(name, fc.string({ unit: 'binary', maxLength: 400 }), { maxKeys: 8 });
    fc.assert(
      fc.property(params, (p) => {
        let signed: ReturnType<typeof sign>;
        try {
          signed = sign('listZones', p);
        } catch (error) {
          expect(error).toBeInstanceOf(ParameterError); // a reserved name, or two differing in case
          return;
        }
        expect(signed.stringToSign).toBe(cloudStackStringToSign(signed.params));
        expect(signed.signature).toBe(hmac(signed.stringToSign));
      }),
    );
  });

  it('formats expires as cs does and truncates to the second', () => {
    const signed = sign(
      'listZones',
      {},
      { expiration: 1500, now: () => Date.UTC(2024, 1, 29, 23, 59, 58, 900) },
    );
    expect(Object.fromEntries(signed.params)).toMatchObject({
      signatureVersion: '3',
      expires: '2024-03-01T00:00:00+0000',
    });
  });

  it('defaults to a 10-minute expiry from the real clock', () => {
    const before = Date.now();
    const signed = signCloudStack({ command: 'listZones', apiKey: KEY, secret: SECRET });
    const expires = Date.parse(Object.fromEntries(signed.params)['expires']!.replace('+0000', 'Z'));
    expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 600_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 600_000);
  });

  it('drops null, undefined, empty lists and empty maps but keeps empty strings', () => {
    const signed = sign(
      'createNetwork',
      { a: null, b: undefined, c: [], d: {}, e: [{}], name: '' },
      { expiration: -1 },
    );
    expect(signed.params.map(([n]) => n)).toEqual(['name', 'apiKey', 'command', 'response', 'signature']);
  });

  it('sends signatureVersion and expires iff expiration >= 0', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (expiration) => {
        const names = sign('listZones', {}, { expiration }).params.map(([n]) => n);
        expect(names.includes('expires')).toBe(expiration >= 0);
        expect(names.includes('signatureVersion')).toBe(expiration >= 0);
      }),
    );
  });

  it('signs the same whatever the order parameters are given in', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,11}$/);
    const value = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.integer(),
      fc.boolean(),
      fc.array(fc.string(), { minLength: 1 }),
    );
    const entries = fc
      .uniqueArray(fc.tuple(name, value), {
        selector: ([n]) => n.toLowerCase(),
        maxLength: 10,
      })
      .filter((es) =>
        es.every(
          ([n]) =>
            !['command', 'response', 'expires', 'signature', 'apikey', 'signatureversion'].includes(
              n.toLowerCase(),
            ),
        ),
      );
    fc.assert(
      fc.property(
        entries.chain((es) => fc.tuple(fc.constant(es), fc.shuffledSubarray(es, { minLength: es.length }))),
        ([es, shuffled]) => {
          const a = sign('listZones', Object.fromEntries(es));
          const b = sign('listZones', Object.fromEntries(shuffled));
          expect(b.stringToSign).toBe(a.stringToSign);
          expect(b.signature).toBe(a.signature);
        },
      ),
    );
  });

  it('excludes any signature parameter from the canonical string', () => {
    const params: CloudStackParam[] = [
      ['b', '1'],
      ['Signature', 'x'],
      ['a', '2'],
    ];
    expect(cloudStackCanonicalString(params)).toBe('a=2&b=1');
  });
});

describe('invalid input', () => {
  const secretValue = 'hunter2-do-not-print';
  const thrown = (fn: () => unknown): ParameterError => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(ParameterError);
      const message = (error as Error).message;
      expect(message).not.toContain(SECRET);
      expect(message).not.toContain(secretValue);
      return error as ParameterError;
    }
    throw new Error('expected a ParameterError');
  };

  it.each<[string, Partial<CloudStackSignInput>, RegExp]>([
    ['an empty command', { command: '' }, /"command"/],
    ['an empty apiKey', { apiKey: '' }, /"apiKey"/],
    ['an empty secret', { secret: '' }, /"secret"/],
    ['a non-finite number', { params: { size: Number.POSITIVE_INFINITY } }, /"size".*finite/],
    ['NaN', { params: { size: Number.NaN } }, /"size".*finite/],
    ['a map nested too deep', { params: { details: { cpu: { n: 1 } } as never } }, /"details\[0\]\.cpu"/],
    ['a list of lists', { params: { ids: [['a']] as never } }, /"ids\[0\]"/],
    [
      'a list mixing maps and scalars',
      { params: { tags: [{ k: 'v' }, secretValue] as never } },
      /"tags\[0\]"/,
    ],
    ['a non-plain object', { params: { when: new Date() as never } }, /"when"/],
    ['a null inside a list', { params: { ids: ['a', null] as never } }, /"ids\[1\]"/],
    ['a parameter the signer sets', { params: { apikey: secretValue } }, /"apikey" is set by the signer/],
    [
      'names differing only in case',
      { params: { zoneid: secretValue, zoneId: secretValue } },
      /"zoneId" is given twice/,
    ],
    ['an empty name', { params: { '': secretValue } }, /empty name/],
    ['an empty map key', { params: { details: { '': secretValue } } }, /"details\[0\]\."/],
    ['a NaN expiration', { expiration: Number.NaN }, /"expiration"/],
    ['a broken clock', { now: () => Number.NaN }, /"now"/],
  ])('rejects %s, naming it without its value', (_what, override, message) => {
    const error = thrown(() =>
      signCloudStack({
        command: 'listZones',
        apiKey: KEY,
        secret: SECRET,
        params: { password: secretValue },
        ...override,
      }),
    );
    expect(error.message).toMatch(message);
  });
});
