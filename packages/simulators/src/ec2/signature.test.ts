/**
 * The simulator's own SigV2/SigV4 verifier against the published vectors of
 * ../shared/design/research/ec2-signing-vectors.json (keystoneclient's Ec2Signer tests, botocore's
 * SigV2 tests, the AWS SigV4 test suite): each vector is fed to `verifyRequest` as a request and
 * must be accepted, and a one-character change must be refused.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { sharedPath } from '@overcast/generator-core/shared-data';
import { describe, expect, it } from 'vitest';
import {
  type SignatureRules,
  type SignedRequest,
  sha256Hex,
  sigV2StringToSign,
  sigV4CanonicalRequest,
  sigV4SigningKey,
  sigV4StringToSign,
  verifyRequest,
} from './signature.js';

// Read in place from ../shared.
const VECTORS_PATH = sharedPath('design/research/ec2-signing-vectors.json');

// biome-ignore lint/suspicious/noExplicitAny: the vectors file is checked field by field
const vectors: any = JSON.parse(readFileSync(VECTORS_PATH, 'utf8'));
// biome-ignore lint/suspicious/noExplicitAny: idem
const vector = (group: 'sigv2' | 'sigv4', id: string): any =>
  vectors[group].find((v: { id: string }) => v.id === id);

function verify(
  request: Partial<SignedRequest> & { params?: ReadonlyMap<string, string> },
  secret: string,
  access: string,
  now: Date,
  rules: SignatureRules = 'keystone',
) {
  const full: SignedRequest = {
    method: 'GET',
    host: '',
    path: '/',
    query: '',
    headers: {},
    body: new Uint8Array(),
    params: new Map(),
    ...request,
  };
  return verifyRequest(full, {
    secretOf: (key) => (key === access ? secret : undefined),
    rules,
    now,
    maxSkewMs: 15 * 60_000,
  });
}

/** The headers of an AWS test-suite raw request (`Name:value` lines), lower-cased. */
function rawHeaders(raw: string): {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
} {
  const [head = '', body = ''] = raw.split('\n\n');
  const [requestLine = '', ...lines] = head.split('\n');
  const [method = '', path = ''] = requestLine.split(' ');
  const headers: IncomingHttpHeaders = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1);
  }
  return { method, path, headers, body };
}

describe('SigV2', () => {
  it("verifies keystoneclient's test_generate_v2_SHA256 (SignatureMethod forced to HmacSHA256)", () => {
    const v = vector('sigv2', 'keystoneclient-generate-v2-sha256');
    expect(
      sigV2StringToSign('GET', v.input.host, v.input.path, Object.entries(v.derived.params_signed)),
    ).toBe(v.derived.string_to_sign);
    const params = new Map<string, string>([
      ...Object.entries(v.input.params_as_given as Record<string, string>),
    ]);
    params.set('Signature', v.expected.signature);
    const request = { method: 'GET', host: v.input.host, path: v.input.path, params };
    expect(verify(request, v.input.secret_key, v.input.access_key, new Date())).toMatchObject({
      ok: true,
      signatureVersion: 2,
    });
    // The same signature under AWS's rules needs the SignatureMethod the request did not send.
    expect(verify(request, v.input.secret_key, v.input.access_key, new Date(), 'aws')).toMatchObject({
      ok: false,
    });
    params.set('Signature', v.expected.signature.replace('o', 'p'));
    expect(verify(request, v.input.secret_key, v.input.access_key, new Date())).toEqual({
      ok: false,
      status: 401,
      code: 'AuthFailure',
      message: 'Invalid EC2 signature.',
    });
  });

  for (const id of ['botocore-sigv2-post-fields', 'botocore-sigv2-get']) {
    it(`verifies ${id} under both rule sets`, () => {
      const v = vector('sigv2', id);
      const params = new Map<string, string>(Object.entries(v.input.params as Record<string, string>));
      expect(sigV2StringToSign(v.input.method, v.input.host, v.input.path, params)).toBe(
        v.derived.string_to_sign,
      );
      params.set('Signature', v.expected.signature);
      const request = { method: v.input.method, host: v.input.host, path: v.input.path, params };
      const at = new Date(Date.parse(v.input.timestamp) + 60_000);
      for (const rules of ['keystone', 'aws'] as const) {
        expect(verify(request, v.input.secret_key, v.input.access_key, at, rules)).toMatchObject({
          ok: true,
        });
      }
      // 20 minutes later the timestamp is stale (Keystone's auth_ttl is 15 minutes).
      expect(
        verify(
          request,
          v.input.secret_key,
          v.input.access_key,
          new Date(Date.parse(v.input.timestamp) + 20 * 60_000),
        ),
      ).toEqual({ ok: false, status: 401, code: 'AuthFailure', message: 'Credential is expired' });
      // A changed parameter breaks the signature.
      const tampered = new Map(params).set('Foo', 'x');
      expect(
        verify({ ...request, params: tampered }, v.input.secret_key, v.input.access_key, at),
      ).toMatchObject({
        ok: false,
        status: 401,
      });
      // An unknown access key is Keystone's 401.
      expect(verify(request, v.input.secret_key, 'someone-else', at)).toMatchObject({
        ok: false,
        status: 401,
        message: 'EC2 access key not found.',
      });
    });
  }
});

describe('time', () => {
  const secret = 'secret';
  /** A SigV2 POST signed at `now` with `extra` parameters (Timestamp or Expires). */
  function signedV2(extra: Record<string, string>) {
    const params = new Map<string, string>([
      ['Action', 'DescribeRegions'],
      ['AWSAccessKeyId', 'AK'],
      ['SignatureVersion', '2'],
      ['SignatureMethod', 'HmacSHA256'],
      ...Object.entries(extra),
    ]);
    const toSign = sigV2StringToSign('POST', 'h:1', '/', params);
    params.set('Signature', createHmac('sha256', secret).update(toSign).digest('base64'));
    return { method: 'POST', host: 'h:1', path: '/', params };
  }

  it('refuses a past Expires, and Timestamp with Expires', () => {
    const now = new Date('2024-05-01T12:00:00Z');
    expect(verify(signedV2({ Expires: '2024-05-01T12:05:00Z' }), secret, 'AK', now)).toMatchObject({
      ok: true,
    });
    expect(verify(signedV2({ Expires: '2024-05-01T11:59:00Z' }), secret, 'AK', now)).toEqual({
      ok: false,
      status: 401,
      code: 'AuthFailure',
      message: 'Timestamp failed validation.',
    });
    expect(
      verify(
        signedV2({ Expires: '2024-05-01T12:05:00Z', Timestamp: '2024-05-01T12:00:00Z' }),
        secret,
        'AK',
        now,
      ),
    ).toMatchObject({ ok: false, status: 400, code: 'InvalidRequest' });
  });

  it('takes timestamps with milliseconds and offsets, and refuses unparseable ones', () => {
    const now = new Date('2024-05-01T12:00:00Z');
    for (const Timestamp of [
      '2024-05-01T12:00:00.123Z',
      '2024-05-01T14:00:00+02:00',
      '2024-05-01T11:58:00Z',
    ]) {
      expect(verify(signedV2({ Timestamp }), secret, 'AK', now), Timestamp).toMatchObject({ ok: true });
    }
    expect(verify(signedV2({ Timestamp: 'yesterday' }), secret, 'AK', now)).toMatchObject({
      ok: false,
      status: 401,
      message: 'Credential timestamp is invalid: yesterday',
    });
  });

  it('applies the configured skew both ways', () => {
    const now = new Date('2024-05-01T12:00:00Z');
    const request = signedV2({ Timestamp: '2024-05-01T11:58:00Z' });
    const check = (maxSkewMs: number) =>
      verifyRequest(
        { query: '', headers: {}, body: new Uint8Array(), ...request },
        { secretOf: () => secret, rules: 'keystone', now, maxSkewMs },
      );
    expect(check(15 * 60_000)).toMatchObject({ ok: true });
    expect(check(60_000)).toMatchObject({ ok: false, message: 'Credential is expired' });
    const future = signedV2({ Timestamp: '2024-05-01T12:02:00Z' });
    expect(
      verifyRequest(
        { query: '', headers: {}, body: new Uint8Array(), ...future },
        { secretOf: () => secret, rules: 'keystone', now, maxSkewMs: 60_000 },
      ),
    ).toMatchObject({ ok: false, message: 'Timestamp failed validation.' });
  });
});

describe('SigV4', () => {
  it('verifies the AWS test suite get-vanilla (header form)', () => {
    const v = vector('sigv4', 'aws-sigv4-testsuite-get-vanilla');
    const { method, path, headers } = rawHeaders(v.input.raw_request);
    const canonical = sigV4CanonicalRequest({
      method,
      path,
      canonicalQuery: '',
      headers: [
        ['host', 'example.amazonaws.com'],
        ['x-amz-date', v.input.amz_date],
      ],
      signedHeaders: 'host;x-amz-date',
      payloadHash: sha256Hex(''),
    });
    expect(canonical).toBe(v.expected.canonical_request);
    expect(sigV4StringToSign(v.input.amz_date, v.derived.credential_scope, canonical)).toBe(
      v.expected.string_to_sign,
    );
    expect(sigV4SigningKey(v.input.secret_key, '20150830', 'us-east-1', 'service').toString('hex')).toBe(
      v.derived.signing_key_hex,
    );
    const request = {
      method,
      path,
      host: headers.host as string,
      headers: { ...headers, authorization: v.expected.authorization },
    };
    const at = new Date('2015-08-30T12:40:00Z');
    for (const rules of ['keystone', 'aws'] as const) {
      expect(verify(request, v.input.secret_key, v.input.access_key, at, rules)).toMatchObject({
        ok: true,
        signatureVersion: 4,
      });
    }
    const wrong = { ...request, headers: { ...request.headers, 'x-amz-date': '20150830T123601Z' } };
    expect(verify(wrong, v.input.secret_key, v.input.access_key, at)).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it('verifies the AWS test suite post-x-www-form-urlencoded (the shape of an EC2 Query POST)', () => {
    const v = vector('sigv4', 'aws-sigv4-testsuite-post-x-www-form-urlencoded');
    const { method, path, headers, body } = rawHeaders(v.input.raw_request);
    expect(body).toBe(v.input.body);
    const request = {
      method,
      path,
      host: headers.host as string,
      headers: { ...headers, authorization: v.expected.authorization },
      body: Buffer.from(body),
      params: new Map([['Param1', 'value1']]),
    };
    const at = new Date('2015-08-30T12:36:00Z');
    for (const rules of ['keystone', 'aws'] as const) {
      expect(verify(request, v.input.secret_key, v.input.access_key, at, rules)).toMatchObject({ ok: true });
    }
    const tampered = { ...request, body: Buffer.from('Param1=value2') };
    expect(verify(tampered, v.input.secret_key, v.input.access_key, at)).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it("verifies keystoneclient's test_generate_v4_port (Host with a port, charset in Content-Type)", () => {
    const v = vector('sigv4', 'keystoneclient-generate-v4-port');
    const body = Buffer.from(v.input.body_that_hashes_to_body_sha256);
    expect(sha256Hex(body)).toBe(v.input.body_sha256);
    const headers: IncomingHttpHeaders = {};
    for (const [name, value] of Object.entries(v.input.headers as Record<string, string>)) {
      headers[name.toLowerCase()] = value;
    }
    headers.authorization = `${v.input.headers.Authorization}Signature=${v.expected.signature}`;
    const request = { method: 'POST', path: '/', host: 'foo:8000', headers, body };
    const at = new Date('2011-09-09T23:40:00Z');
    expect(verify(request, v.input.secret_key, v.input.access_key, at)).toMatchObject({ ok: true });
    expect(verify(request, v.input.secret_key, v.input.access_key, new Date('2011-09-10T00:00:00Z'))).toEqual(
      {
        ok: false,
        status: 401,
        code: 'AuthFailure',
        message: 'Credential is expired',
      },
    );
  });

  it('refuses what ec2-api cannot verify under the keystone rules, and verifies it under the aws rules', () => {
    // A SigV4 GET whose query string is signed: ec2-api forwards no parameters to Keystone.
    const secret = 'secret';
    const amzDate = '20240102T030405Z';
    const query = 'Action=DescribeRegions&Version=2014-10-01';
    const headers: IncomingHttpHeaders = { host: '127.0.0.1:8788', 'x-amz-date': amzDate };
    const canonical = sigV4CanonicalRequest({
      method: 'GET',
      path: '/services/Cloud',
      canonicalQuery: query,
      headers: [
        ['host', '127.0.0.1:8788'],
        ['x-amz-date', amzDate],
      ],
      signedHeaders: 'host;x-amz-date',
      payloadHash: sha256Hex(''),
    });
    const scope = '20240102/RegionOne/ec2/aws4_request';
    const signature = createSignature(secret, '20240102', canonical, amzDate, scope);
    headers.authorization = `AWS4-HMAC-SHA256 Credential=AK/${scope}, SignedHeaders=host;x-amz-date, Signature=${signature}`;
    const request = {
      method: 'GET',
      path: '/services/Cloud',
      query,
      host: '127.0.0.1:8788',
      headers,
      params: new Map(new URLSearchParams(query)),
    };
    const at = new Date('2024-01-02T03:05:00Z');
    expect(verify(request, secret, 'AK', at, 'aws')).toMatchObject({ ok: true });
    const refused = verify(request, secret, 'AK', at, 'keystone');
    expect(refused).toMatchObject({ ok: false, status: 401 });
    expect(refused.ok === false && refused.message).toContain('POST the parameters in a form body');
  });

  it('refuses requests without a signature or an access key with ec2-api’s 400', () => {
    expect(verify({ params: new Map([['Action', 'DescribeRegions']]) }, 's', 'a', new Date())).toEqual({
      ok: false,
      status: 400,
      code: 'AuthFailure',
      message: 'Signature not provided',
    });
    expect(verify({ params: new Map([['Signature', 'x']]) }, 's', 'a', new Date())).toEqual({
      ok: false,
      status: 400,
      code: 'AuthFailure',
      message: 'Access key not provided',
    });
  });
});

function createSignature(
  secret: string,
  date: string,
  canonical: string,
  amzDate: string,
  scope: string,
): string {
  const key = sigV4SigningKey(secret, date, 'RegionOne', 'ec2');
  return createHmac('sha256', key)
    .update(sigV4StringToSign(amzDate, scope, canonical))
    .digest('hex');
}
