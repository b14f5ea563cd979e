/**
 * Our EC2 signatures against the verifier OpenStack actually uses: real Keystone's
 * `POST /v3/ec2tokens` (Debian's Keystone 22, on 127.0.0.1 with sqlite; see
 * `support/real-openstack.ts`). OpenStack's ec2-api verifies nothing itself: its `EC2KeystoneAuth`
 * middleware forwards `{access, signature, host, verb, path, params, headers, body_hash}` of each
 * request, with a token of its own, and Keystone recomputes the signature with keystoneclient's
 * `Ec2Signer`. {@link ec2ApiCredentials} builds that body from an HTTP request exactly as ec2-api
 * does (webob's view of the request), so each case here is "a client sent this request to
 * ec2-api".
 *
 * The credential is made through Keystone's API (`POST /v3/users/{id}/credentials/OS-EC2`) for
 * a project that is not the admin's own, so a token for that project proves Keystone matched the
 * credential. Keystone runs with `insecure_debug` so that each 401 says why.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EC2 } from '@overcast/ec2';
import { signSigV2, signSigV4 } from '@overcast/runtime/signing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JsonResponse, type KeystoneService, startKeystone } from './support/real-openstack.js';

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
/** ec2-api's default port and the path boto users configure. */
const HOST = '127.0.0.1:8788';
const PATH = '/services/Cloud';
const DESCRIBE_REGIONS = 'Action=DescribeRegions&Version=2014-10-01';
/** Keystone's `[credential] auth_ttl` default: 15 minutes. */
const STALE_MS = 20 * 60_000;

/** An HTTP request as it reached the server: header names as sent, the body's bytes. */
interface SeenRequest {
  method: string;
  /** Path and query, e.g. `/services/Cloud?Action=…`. */
  target: string;
  headers: (readonly [string, string])[];
  body: Buffer;
}

/** A header name as webob's `req.headers` gives it (`HTTP_X_AMZ_DATE` → `X-Amz-Date`): Python's `str.title()`. */
function webobHeaderName(name: string): string {
  return name.toLowerCase().replace(/(^|[^a-z])([a-z])/g, (_match, before: string, letter: string) => {
    return before + letter.toUpperCase();
  });
}

/**
 * The `credentials` ec2-api's `EC2KeystoneAuth` sends to Keystone for this request
 * (ec2api/api/__init__.py): `params` are webob's `req.params` (query, then the form body of a
 * POST) without `Signature`, and empty as soon as the request carries a SigV4 `Authorization`
 * header or `X-Amz-Signature`; `headers` are every request header, title-cased by the WSGI
 * layer; `body_hash` is the SHA-256 of the body.
 */
function ec2ApiCredentials(request: SeenRequest): Record<string, unknown> {
  const url = new URL(request.target, 'http://ec2-api.invalid');
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) headers[webobHeaderName(name)] = value;
  const params = new Map<string, string>(url.searchParams);
  const type = headers['Content-Type'] ?? '';
  if (request.method === 'POST' && type.startsWith('application/x-www-form-urlencoded')) {
    // As webob: `+` is a space, %XX sequences are UTF-8.
    for (const [name, value] of new URLSearchParams(request.body.toString('utf8'))) params.set(name, value);
  }
  const authorization = headers['Authorization'] ?? '';
  const sigV4 = params.has('X-Amz-Signature') || authorization !== '';
  const signature =
    params.get('Signature') ?? params.get('X-Amz-Signature') ?? field(authorization, 'Signature');
  const access =
    params.get('AWSAccessKeyId') ??
    params.get('X-Amz-Credential')?.split('/')[0] ??
    field(authorization, 'Credential')?.split('/')[0];
  params.delete('Signature');
  return {
    access,
    signature,
    host: headers['Host'],
    verb: request.method,
    path: url.pathname,
    params: sigV4 ? {} : Object.fromEntries(params),
    headers,
    body_hash: createHash('sha256').update(request.body).digest('hex'),
  };
}

/** `name=value` out of `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`. */
function field(authorization: string, name: string): string | undefined {
  if (!authorization.startsWith('AWS4-HMAC-SHA256')) return undefined;
  const value = authorization.split(`${name}=`)[1]?.split(',')[0];
  return value === undefined ? undefined : value.trim();
}

/** A SigV4-signed POST with the parameters in a form body, as an EC2 client sends it. */
function sigV4Request(
  secretAccessKey: string,
  options: { body?: string; region?: string; path?: string; now?: () => number } = {},
): SeenRequest {
  const body = options.body ?? DESCRIBE_REGIONS;
  const path = options.path ?? '/';
  const signed = signSigV4({
    method: 'POST',
    host: HOST,
    path,
    headers: { 'Content-Type': FORM },
    body,
    region: options.region ?? 'us-east-1',
    service: 'ec2',
    accessKeyId: credential.access,
    secretAccessKey,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return {
    method: 'POST',
    target: path,
    headers: [
      ['Host', HOST],
      ['Content-Type', FORM],
      ['Content-Length', String(Buffer.byteLength(body))],
      ['X-Amz-Date', signed.amzDate],
      ['Authorization', signed.authorization],
    ],
    body: Buffer.from(body),
  };
}

/** A SigV2 (HmacSHA256) request: parameters in the query string (GET) or the form body (POST). */
function sigV2Request(
  method: 'GET' | 'POST',
  secretAccessKey: string,
  options: { params?: Record<string, string>; now?: () => number } = {},
): SeenRequest {
  const signed = signSigV2({
    method,
    host: HOST,
    path: PATH,
    params: options.params ?? { Action: 'DescribeRegions', Version: '2014-10-01' },
    accessKeyId: credential.access,
    secretAccessKey,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  if (method === 'GET') {
    return { method, target: `${PATH}?${signed.encoded}`, headers: [['Host', HOST]], body: Buffer.alloc(0) };
  }
  return {
    method,
    target: PATH,
    headers: [
      ['Host', HOST],
      ['Content-Type', FORM],
      ['Content-Length', String(Buffer.byteLength(signed.encoded))],
    ],
    body: Buffer.from(signed.encoded),
  };
}

let keystone: KeystoneService | undefined;
let credential: { access: string; secret: string; projectId: string; userId: string };

function ks(): KeystoneService {
  if (keystone === undefined) throw new Error('Keystone did not start (see the beforeAll error)');
  return keystone;
}

/** ec2-api's call: `POST /v3/ec2tokens` with its own valid token. */
function ec2tokens(credentials: Record<string, unknown>, token?: string | null): Promise<JsonResponse> {
  return ks().request('POST', '/v3/ec2tokens', {
    body: { credentials },
    ...(token === undefined ? {} : { token }),
  });
}

function expectAccepted(response: JsonResponse): void {
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.headers.get('x-subject-token')).toMatch(/^gAAAAA/);
  expect(response.body.token.methods).toEqual(['ec2credential']);
  expect(response.body.token.project.id).toBe(credential.projectId);
  expect(response.body.token.user.id).toBe(credential.userId);
}

function expectRefused(response: JsonResponse, reason: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(401);
  expect(response.headers.get('x-subject-token')).toBeNull();
  expect(response.body.error.message).toContain(reason);
}

beforeAll(async () => {
  keystone = await startKeystone({ insecureDebug: true });
  // A project of its own, where the admin is a member: the token must be for it.
  const project = await keystone.request('POST', '/v3/projects', {
    body: { project: { name: 'ec2-tenant', domain_id: keystone.domainId } },
  });
  expect(project.status).toBe(201);
  const roles = await keystone.request('GET', '/v3/roles?name=member');
  const memberRoleId: string = roles.body.roles[0].id;
  const grant = await keystone.request(
    'PUT',
    `/v3/projects/${project.body.project.id}/users/${keystone.adminUserId}/roles/${memberRoleId}`,
  );
  expect(grant.status).toBe(204);
  const created = await keystone.request('POST', `/v3/users/${keystone.adminUserId}/credentials/OS-EC2`, {
    body: { tenant_id: project.body.project.id },
  });
  expect(created.status).toBe(201);
  credential = {
    access: created.body.credential.access,
    secret: created.body.credential.secret,
    projectId: created.body.credential.tenant_id,
    userId: created.body.credential.user_id,
  };
  expect(credential.projectId).toBe(project.body.project.id);
  expect(credential.projectId).not.toBe(keystone.projectId);
}, 120_000);

afterAll(async () => {
  await keystone?.stop();
}, 30_000);

describe("real Keystone's POST /v3/ec2tokens verifies our SigV4 (runtime signer)", () => {
  it('accepts a SigV4 POST form body (DescribeRegions, service ec2), sent as ec2-api sends it', async () => {
    const credentials = ec2ApiCredentials(sigV4Request(credential.secret));
    expect(credentials['params']).toEqual({}); // ec2-api sends none with an Authorization header
    expectAccepted(await ec2tokens(credentials));
  });

  it('accepts any credential-scope region and a path, with a longer body', async () => {
    const body =
      'Action=DescribeInstances&Version=2014-10-01&Filter.1.Name=tag%3AName&Filter.1.Value.1=web%20server%20%2A%C3%A9' +
      '&InstanceId.1=i-00000001&InstanceId.2=i-00000002';
    const request = sigV4Request(credential.secret, { region: 'RegionOne', path: PATH, body });
    expectAccepted(await ec2tokens(ec2ApiCredentials(request)));
  });

  it('refuses a wrong signature with 401', async () => {
    const credentials = ec2ApiCredentials(sigV4Request(credential.secret));
    const signature = credentials['signature'] as string;
    credentials['signature'] = (signature[0] === '0' ? '1' : '0') + signature.slice(1);
    expectRefused(await ec2tokens(credentials), 'Invalid EC2 signature.');
  });

  it('refuses a signature made with another secret with 401', async () => {
    expectRefused(
      await ec2tokens(ec2ApiCredentials(sigV4Request('not-the-secret'))),
      'Invalid EC2 signature.',
    );
  });

  it('refuses a body changed after signing (body_hash) with 401', async () => {
    const request = sigV4Request(credential.secret);
    request.body = Buffer.from('Action=TerminateInstances&Version=2014-10-01&InstanceId.1=i-1');
    expectRefused(await ec2tokens(ec2ApiCredentials(request)), 'Invalid EC2 signature.');
  });

  it('refuses a stale X-Amz-Date with 401, and accepts one inside the 15-minute window', async () => {
    const stale = sigV4Request(credential.secret, { now: () => Date.now() - STALE_MS });
    expectRefused(await ec2tokens(ec2ApiCredentials(stale)), 'Credential is expired');
    const recent = sigV4Request(credential.secret, { now: () => Date.now() - 5 * 60_000 });
    expectAccepted(await ec2tokens(ec2ApiCredentials(recent)));
  });
});

describe("real Keystone's POST /v3/ec2tokens verifies our SigV2 HmacSHA256 (runtime signer)", () => {
  it('accepts a SigV2 GET (parameters in the query string)', async () => {
    const credentials = ec2ApiCredentials(sigV2Request('GET', credential.secret));
    expect(credentials['params']).toMatchObject({ SignatureVersion: '2', SignatureMethod: 'HmacSHA256' });
    expect(credentials['params']).not.toHaveProperty('Signature');
    expectAccepted(await ec2tokens(credentials));
  });

  it('accepts a SigV2 POST (parameters in the form body)', async () => {
    expectAccepted(await ec2tokens(ec2ApiCredentials(sigV2Request('POST', credential.secret))));
  });

  it('accepts values that need percent-encoding (space, *, ~, /, non-ASCII) both ways', async () => {
    const params = {
      Action: 'DescribeInstances',
      Version: '2014-10-01',
      'Filter.1.Name': 'tag:Name',
      'Filter.1.Value.1': 'web server *~/é€😀',
      'InstanceId.1': 'i-00000001',
    };
    for (const method of ['GET', 'POST'] as const) {
      expectAccepted(await ec2tokens(ec2ApiCredentials(sigV2Request(method, credential.secret, { params }))));
    }
  });

  it('refuses a wrong signature with 401', async () => {
    const credentials = ec2ApiCredentials(sigV2Request('POST', credential.secret));
    const signature = credentials['signature'] as string;
    credentials['signature'] = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    expectRefused(await ec2tokens(credentials), 'Invalid EC2 signature.');
  });

  it('refuses a signature made with another secret with 401', async () => {
    const credentials = ec2ApiCredentials(sigV2Request('GET', 'not-the-secret'));
    expectRefused(await ec2tokens(credentials), 'Invalid EC2 signature.');
  });

  it('refuses a parameter changed after signing with 401', async () => {
    const credentials = ec2ApiCredentials(sigV2Request('POST', credential.secret));
    (credentials['params'] as Record<string, string>)['Action'] = 'TerminateInstances';
    expectRefused(await ec2tokens(credentials), 'Invalid EC2 signature.');
  });

  it('refuses a stale Timestamp with 401', async () => {
    const stale = sigV2Request('GET', credential.secret, { now: () => Date.now() - STALE_MS });
    expectRefused(await ec2tokens(ec2ApiCredentials(stale)), 'Credential is expired');
  });
});

describe("what else Keystone's ec2tokens checks", () => {
  it('refuses an unknown access key, with 404 (not 401): ec2-api passes that status on with AuthFailure', async () => {
    const credentials = ec2ApiCredentials(sigV4Request(credential.secret));
    credentials['access'] = 'AKIDNOTAKEYSTONEKEY';
    const response = await ec2tokens(credentials);
    // Keystone 22's credential lookup raises CredentialNotFound before its own 401 check is reached.
    expect(response.status, JSON.stringify(response.body)).toBe(404);
    expect(response.headers.get('x-subject-token')).toBeNull();
    expect(response.body.error.message).toMatch(/^Could not find credential: [0-9a-f]{64}\.$/);
  });

  it('wants a valid X-Auth-Token on the call itself (ec2-api sends its own): 401 without one', async () => {
    const response = await ec2tokens(ec2ApiCredentials(sigV4Request(credential.secret)), null);
    expect(response.status).toBe(401);
    expect(response.headers.get('x-subject-token')).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// End to end: what @overcast/ec2's client puts on the wire, replayed to Keystone as ec2-api would.

/** An EC2 endpoint on 127.0.0.1 that records each request and answers a minimal valid response. */
class RecordingEndpoint {
  readonly requests: SeenRequest[] = [];
  private readonly server: Server;

  constructor() {
    this.server = createServer((request, response) => {
      void this.record(request).then((seen) => {
        const form = new URLSearchParams(seen.body.toString('utf8'));
        const action = form.get('Action') ?? new URL(seen.target, 'http://x').searchParams.get('Action');
        const inner =
          action === 'DescribeRegions'
            ? '<regionInfo><item><regionName>RegionOne</regionName>' +
              '<regionEndpoint>http://127.0.0.1:8788/services/Cloud</regionEndpoint></item></regionInfo>'
            : action === 'DescribeInstances'
              ? '<reservationSet/>'
              : '';
        response.writeHead(200, { 'Content-Type': 'text/xml' });
        response.end(
          `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="http://ec2.amazonaws.com/doc/2014-10-01/">` +
            `<requestId>req-${this.requests.length}</requestId>${inner}</${action}Response>`,
        );
      });
    });
  }

  private async record(request: IncomingMessage): Promise<SeenRequest> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers: (readonly [string, string])[] = [];
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      headers.push([request.rawHeaders[i] as string, request.rawHeaders[i + 1] as string]);
    }
    const seen = {
      method: request.method ?? '',
      target: request.url ?? '',
      headers,
      body: Buffer.concat(chunks),
    };
    this.requests.push(seen);
    return seen;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen({ host: '127.0.0.1', port: 0 }, resolve));
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}${PATH}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe("@overcast/ec2's EC2 client, as sent on the wire, verifies in real Keystone", () => {
  for (const signatureVersion of [4, 2] as const) {
    it(`SigV${signatureVersion}: DescribeRegions and a DescribeInstances with filters and ids`, async () => {
      const endpoint = new RecordingEndpoint();
      const home = mkdtempSync(join(tmpdir(), 'overcast-ec2-home-'));
      const ec2 = new EC2({
        endpoint: await endpoint.listen(),
        accessKeyId: credential.access,
        secretAccessKey: credential.secret,
        region: 'RegionOne',
        signatureVersion,
        env: { HOME: home },
      });
      try {
        const regions = await ec2.describeRegions();
        expect(regions.Regions?.[0]?.RegionName).toBe('RegionOne');
        await ec2.describeInstances({
          InstanceIds: ['i-00000001', 'i-00000002'],
          Filters: [{ Name: 'tag:Name', Values: ['web server *~/é€😀'] }],
        });
      } finally {
        await ec2.close();
        await endpoint.close();
        rmSync(home, { recursive: true, force: true });
      }
      expect(endpoint.requests).toHaveLength(2);
      for (const request of endpoint.requests) {
        const credentials = ec2ApiCredentials(request);
        expect(credentials['access']).toBe(credential.access);
        if (signatureVersion === 4) {
          expect(credentials['params']).toEqual({});
        } else {
          expect(credentials['params']).toMatchObject({
            SignatureVersion: '2',
            SignatureMethod: 'HmacSHA256',
          });
        }
        expectAccepted(await ec2tokens(credentials));
      }
      // The same request with one byte of the body changed is refused: the body is what was checked.
      const tampered = { ...(endpoint.requests[1] as SeenRequest) };
      tampered.body = Buffer.from(
        tampered.body.toString('latin1').replace('i-00000002', 'i-00000003'),
        'latin1',
      );
      expectRefused(await ec2tokens(ec2ApiCredentials(tampered)), 'Invalid EC2 signature.');
    });
  }
});
