/**
 * Issue #12 for oVirt: an engine that echoes the request (the Bearer token, the SSO form with the
 * password) in its error answers, its faults and its SSO error descriptions never gets a secret in
 * front of a user, through any view of the error down its cause chain. Also: user info in the URL
 * is refused without being shown, secrets are forgotten on close, and client certificates work.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { AuthError, ConnectionError, DecodeError, ParameterError, scrubSecrets } from '@overcast/runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from './connection.js';
import { OvirtError } from './errors.js';
import { type Engine, type EngineRequest, json, startEngine, xml } from './test-support/engine.js';

/** Every text through which an error reaches a person, for it and each error below it. */
function views(error: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  for (let current = error; current !== undefined && current !== null && !seen.has(current); ) {
    seen.add(current);
    out.push(String(current), inspect(current, { showHidden: true, depth: Number.POSITIVE_INFINITY }));
    try {
      out.push(JSON.stringify(current) ?? '');
    } catch {
      // a cyclic value: the other views still count
    }
    if (!(current instanceof Error)) break;
    out.push(current.message, current.stack ?? '');
    current = current.cause;
  }
  return out;
}

/** `secret` in any of the forms an echo may carry it in. */
function forms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
}

function expectClean(error: unknown, secrets: string[]): void {
  expect(error).toBeInstanceOf(Error);
  const text = views(error).join('\n');
  for (const secret of secrets) for (const form of forms(secret)) expect(text).not.toContain(form);
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

const PASSWORD = 'Echo p@ss/w0rd+&<é>!';
let engine: Engine;
let lastForm = '';
let issued: string[] = [];

/** Everything the request carried, as an echoing server would quote it back. */
function echo(request: EngineRequest): string {
  return `auth=${request.headers.authorization ?? ''}; last sso form=${lastForm}; body=${request.text}`;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

beforeAll(async () => {
  engine = await startEngine();
});
afterAll(() => engine.close());
afterEach(() => {
  engine.requests.length = 0;
  engine.route(() => undefined);
});

/** SSO: grants a fresh token for a password starting with `Echo `, else refuses, quoting the form. */
function ssoRoute(request: EngineRequest) {
  if (request.path !== '/ovirt-engine/sso/oauth/token') return undefined;
  lastForm = request.text;
  const password = new URLSearchParams(request.text).get('password') ?? '';
  if (!password.startsWith('Echo ')) {
    return json(400, { error: 'access_denied', error_description: `refused ${request.text}` });
  }
  const token = `tok${Math.random().toString(36).slice(2)}${issued.length}`;
  issued.push(token);
  return json(200, { access_token: token });
}

describe('an engine that echoes the request', () => {
  it('never shows the password or the token: 401, 500 and 2xx faults, bodies, SSO errors', async () => {
    issued = [];
    engine.route((request) => {
      const sso = ssoRoute(request);
      if (sso !== undefined) return sso;
      const detail = escapeXml(echo(request));
      switch (request.api) {
        case '/vms/401':
          return { status: 401, headers: { 'content-type': 'text/plain' }, body: echo(request) };
        case '/vms/500':
          return xml(500, `<fault><reason>${detail}</reason><detail>${detail}</detail></fault>`);
        case '/vms/200/start':
          return xml(
            200,
            `<action><fault><reason>Failed</reason><detail>${detail}</detail></fault></action>`,
          );
        case '/vms/200':
          return { status: 200, headers: { 'content-type': 'text/html' }, body: echo(request) };
        default:
          return undefined;
      }
    });
    const connection = new Connection({ url: engine.apiUrl, username: 'admin@internal', password: PASSWORD });
    const vms = connection.systemService().vmsService();
    const unauthorized = await failure(vms.vmService('401').get());
    expect(unauthorized).toBeInstanceOf(AuthError);
    expect(unauthorized).toBeInstanceOf(OvirtError);
    const serverError = await failure(vms.vmService('500').get());
    expect(serverError).toBeInstanceOf(OvirtError);
    const actionFault = await failure(vms.vmService('200').start({ async: true }));
    expect(actionFault).toBeInstanceOf(OvirtError);
    const wrongType = await failure(vms.vmService('200').get());
    expect(wrongType).toBeInstanceOf(DecodeError);
    // The 401 got a second token: both were echoed, neither shows.
    expect(issued).toHaveLength(2);
    // The echo really was there, redacted.
    expect((serverError as OvirtError).fault?.detail).toMatch(
      /auth=Bearer \[REDACTED\]; last sso form=.*password=\[REDACTED\]/,
    );
    expect((unauthorized as OvirtError).body).toContain('Bearer [REDACTED]');
    for (const error of [unauthorized, serverError, actionFault, wrongType])
      expectClean(error, [PASSWORD, ...issued]);
    await connection.close({ logout: false });
  });

  it('never shows the password in SSO refusals, non-JSON and broken JSON answers', async () => {
    const password = 'Wrong p@ss/w0rd+&<é>!';
    engine.route(ssoRoute);
    const wrong = new Connection({ url: engine.apiUrl, username: 'admin@internal', password });
    const refused = await failure(wrong.authenticate());
    expect(refused).toBeInstanceOf(AuthError);
    expect((refused as AuthError).serverMessage).toMatch(/password=\[REDACTED\]/);
    expectClean(refused, [password]);

    engine.route((request) =>
      request.path === '/ovirt-engine/sso/oauth/token'
        ? { status: 400, headers: { 'content-type': 'text/html' }, body: `<p>${request.text}</p>` }
        : undefined,
    );
    const html = await failure(wrong.authenticate());
    expect(html).toBeInstanceOf(AuthError);
    expectClean(html, [password]);

    engine.route((request) =>
      request.path === '/ovirt-engine/sso/oauth/token'
        ? { status: 200, headers: { 'content-type': 'application/json' }, body: `{"echo": ${request.text}` }
        : undefined,
    );
    const broken = await failure(wrong.authenticate());
    expect(broken).toBeInstanceOf(DecodeError);
    expect((broken as Error).cause).toBeInstanceOf(SyntaxError);
    expectClean(broken, [password]);
    await wrong.close();
  });

  it('forgets the password and the token on close', async () => {
    issued = [];
    const password = `Echo forget-me-${Date.now()}`;
    engine.route((request) => ssoRoute(request) ?? (request.api === '' ? xml(200, '<api/>') : undefined));
    const connection = new Connection({ url: engine.apiUrl, username: 'admin@internal', password });
    const token = await connection.authenticate();
    expect(scrubSecrets(`${password} ${token}`)).toBe('[REDACTED] [REDACTED]');
    await connection.close();
    expect(scrubSecrets(`${password} ${token}`)).toBe(`${password} ${token}`);
    // The revoke request carried the token.
    expect(new URLSearchParams(engine.requests.at(-1)?.text).get('token')).toBe(token);
  });
});

describe('user info in the url', () => {
  it('is refused at construction, saying how to pass credentials, never showing the password', () => {
    for (const url of [
      'https://admin%40internal:Pa55-w0rd!@engine.example/ovirt-engine/api',
      'https://admin:Pa55-w0rd!@engine.example/ovirt-engine/api',
      'https://:Pa55-w0rd!@engine.example/ovirt-engine/api',
      'https://admin:Pa55-w0rd!@engine example/ovirt-engine/api',
    ]) {
      const error = (() => {
        try {
          new Connection({ url, token: 'some-token' });
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error, url).toBeInstanceOf(ParameterError);
      expectClean(error, ['Pa55-w0rd!']);
      if (!url.includes(' ')) expect((error as Error).message).toMatch(/username and password options/);
    }
  });
});

describe('client certificates', () => {
  let dir: string;
  let cert: string;
  let key: string;
  let certFile: string;
  let keyFile: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'overcast-ovirt-tls-'));
    certFile = join(dir, 'cert.pem');
    keyFile = join(dir, 'key.pem');
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          keyFile,
          '-out',
          certFile,
          '-days',
          '2',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
        ],
        { stdio: 'pipe' },
      );
    } catch (cause) {
      throw new Error('this test needs the openssl command line tool to make a certificate', { cause });
    }
    cert = readFileSync(certFile, 'utf8');
    key = readFileSync(keyFile, 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('presents tls.cert/tls.key to an engine that requires one; caFile is the alias of tls.caFile', async () => {
    const tlsEngine = await startEngine({ cert, key, ca: cert, requestCert: true, rejectUnauthorized: true });
    try {
      tlsEngine.route((request) =>
        request.api === ''
          ? xml(200, '<api><product_info><name>oVirt</name></product_info></api>')
          : undefined,
      );
      const withCert = new Connection({
        url: tlsEngine.apiUrl,
        token: 'cert-token',
        caFile: certFile,
        tls: { cert: certFile, key: keyFile },
      });
      expect(await withCert.systemService().get()).toMatchObject({ productInfo: { name: 'oVirt' } });
      await withCert.close({ logout: false });
      const without = new Connection({ url: tlsEngine.apiUrl, token: 'cert-token', tls: { ca: cert } });
      await expect(without.systemService().get()).rejects.toBeInstanceOf(ConnectionError);
      await without.close({ logout: false });
    } finally {
      await tlsEngine.close();
    }
  });
});
