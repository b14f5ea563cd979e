import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sharedPath } from '@overcast/generator-core/shared-data';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalString,
  encodeLikeJava,
  expectedSignature,
  parseExpires,
  type ReceivedParameter,
  verifyRequest,
} from './signature.js';

// cs's published vectors, reproduced with cs 2.7.1: what cs sent on the wire and what the server
// computes for it. Read in place from ../shared.
const VECTORS_PATH = sharedPath('design/research/cloudstack-signing-vectors.json');

interface Vector {
  name: string;
  inputs: { secret: string; method: 'GET' | 'POST' };
  outputs: {
    string_to_sign: string;
    server_semantics_signature: string;
    wire_query_string?: string;
    wire_form_body?: string;
  };
}

const vectors: Vector[] = JSON.parse(readFileSync(VECTORS_PATH, 'utf8')).vectors;

/** The parameters as the servlet decodes them from the wire (first value of a name wins). */
function decode(wire: string): ReceivedParameter[] {
  return [...new URLSearchParams(wire)].map(([name, value]) => ({ name, value }));
}

const secretOf = (secret: string) => (apiKey: string) => (apiKey === 'foo' ? secret : undefined);
const NOW = new Date('2024-01-01T00:00:00Z');

describe('the server-side verifier on the published vectors', () => {
  it('finds the vectors', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(7);
  });

  describe.each(vectors.map((vector) => [vector.name, vector] as const))('%s', (_name, vector) => {
    const wire = vector.outputs.wire_query_string ?? vector.outputs.wire_form_body ?? '';
    const received = decode(wire);

    it('rebuilds the string the server signs', () => {
      expect(canonicalString(received)).toBe(vector.outputs.string_to_sign);
      expect(expectedSignature(received, vector.inputs.secret)).toBe(
        vector.outputs.server_semantics_signature,
      );
    });

    it('accepts the request cs sent', () => {
      expect(verifyRequest(received, secretOf(vector.inputs.secret), NOW)).toEqual({
        ok: true,
        apiKey: 'foo',
      });
    });

    it('rejects it with another secret or a changed value', () => {
      expect(verifyRequest(received, secretOf('not-bar'), NOW)).toEqual({
        ok: false,
        reason: 'bad-signature',
      });
      const changed = received.map((p) => (p.name === 'command' ? { ...p, value: `${p.value}x` } : p));
      expect(verifyRequest(changed, secretOf(vector.inputs.secret), NOW)).toEqual({
        ok: false,
        reason: 'bad-signature',
      });
    });
  });
});

describe('encodeLikeJava (URLEncoder.encode(v, "UTF-8") with + → %20)', () => {
  it('keeps only A–Z a–z 0–9 . - * _ and encodes ~ unlike Python and Go', () => {
    expect(encodeLikeJava('aZ09.-*_')).toBe('aZ09.-*_');
    expect(encodeLikeJava('a~b')).toBe('a%7Eb');
    expect(encodeLikeJava('this that')).toBe('this%20that');
    expect(encodeLikeJava('foo?')).toBe('foo%3F');
    expect(encodeLikeJava("!'()+/=&")).toBe('%21%27%28%29%2B%2F%3D%26');
    expect(encodeLikeJava('éè€😀')).toBe('%C3%A9%C3%A8%E2%82%AC%F0%9F%98%80');
  });

  it('agrees with encodeURIComponent once its extra unreserved characters are encoded', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        const reference = encodeURIComponent(value).replace(
          /[!'()~]/g,
          (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
        );
        expect(encodeLikeJava(value)).toBe(reference);
      }),
    );
  });
});

describe('canonicalString', () => {
  it('sorts names case-sensitively before lower-casing, skips signature in any case, keeps names as sent', () => {
    const received = [
      { name: 'apiKey', value: 'K' },
      { name: 'Zone', value: 'z' },
      { name: 'tags[0].key', value: 'a b' },
      { name: 'SIGNATURE', value: 'x' },
      { name: 'command', value: 'listZones' },
    ];
    expect(canonicalString(received)).toBe('zone=z&apikey=k&command=listzones&tags[0].key=a%20b');
  });
});

describe('verifyRequest', () => {
  const secret = 'bar';
  const sign = (params: ReceivedParameter[]) => [
    ...params,
    { name: 'signature', value: createHmac('sha1', secret).update(canonicalString(params)).digest('base64') },
  ];
  const base = [
    { name: 'apiKey', value: 'foo' },
    { name: 'command', value: 'listZones' },
    { name: 'response', value: 'json' },
  ];
  const lookup = secretOf(secret);

  it('needs apiKey and signature, in any case of the names', () => {
    expect(verifyRequest(base, lookup, NOW)).toEqual({ ok: false, reason: 'missing-credentials' });
    const lower = sign(base.map((p) => (p.name === 'apiKey' ? { ...p, name: 'apikey' } : p)));
    expect(verifyRequest(lower, lookup, NOW)).toEqual({ ok: true, apiKey: 'foo' });
  });

  it('answers unknown-key for a key no account has', () => {
    const other = sign(base.map((p) => (p.name === 'apiKey' ? { ...p, value: 'nobody' } : p)));
    expect(verifyRequest(other, lookup, NOW)).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('honours signatureVersion=3: expires required, parsed, in the future', () => {
    const v3 = (expires: string | undefined) =>
      sign([
        ...base,
        { name: 'signatureVersion', value: '3' },
        ...(expires === undefined ? [] : [{ name: 'expires', value: expires }]),
      ]);
    expect(verifyRequest(v3('2024-01-01T00:10:00+0000'), lookup, NOW)).toEqual({ ok: true, apiKey: 'foo' });
    expect(verifyRequest(v3('2023-12-31T23:59:59+0000'), lookup, NOW)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(verifyRequest(v3(undefined), lookup, NOW)).toEqual({ ok: false, reason: 'bad-expires' });
    expect(verifyRequest(v3('tomorrow'), lookup, NOW)).toEqual({ ok: false, reason: 'bad-expires' });
  });

  it('lets a request without signatureVersion never expire', () => {
    const old = sign([...base, { name: 'expires', value: '2000-01-01T00:00:00+0000' }]);
    expect(verifyRequest(old, lookup, NOW)).toEqual({ ok: true, apiKey: 'foo' });
  });
});

describe('parseExpires (DateUtil.parseTZDateString)', () => {
  it.each([
    ['2024-01-01T00:10:00+0000', '2024-01-01T00:10:00.000Z'],
    ['2024-01-01T00:10:00Z', '2024-01-01T00:10:00.000Z'],
    ['2024-01-01T02:10:00+02:00', '2024-01-01T00:10:00.000Z'],
    ['2023-12-31T19:10:00-0500', '2024-01-01T00:10:00.000Z'],
    ['2024-01-01T00:10:00.123456Z', '2024-01-01T00:10:00.123Z'],
    ['2024-01-01T00:10:00Z+0000', '2024-01-01T00:10:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(parseExpires(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '2024-01-01',
    '2024-13-01T00:00:00Z',
    '2024-02-30T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '1704067800',
  ])('refuses %s', (text) => {
    expect(parseExpires(text)).toBeUndefined();
  });
});
