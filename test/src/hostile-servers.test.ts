/**
 * Hostile servers, written from the protocols, against every client with its defaults: a server or
 * proxy that echoes the request (debug pages, some WAFs), one that quotes a secret in its own error
 * text, user info in the endpoint, invalid UTF-8, a body trickling below the low-speed rule, and a
 * redirect. Every error must be typed, and no view of it (message, stack, String, JSON, inspect with
 * hidden properties, down the cause chain) may hold a secret. A new provider joins by adding a row.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudStack } from '@overcast/cloudstack';
import { EC2 } from '@overcast/ec2';
import { OneServer } from '@overcast/opennebula';
import { Connection as OpenStackConnection } from '@overcast/openstack';
import { Connection } from '@overcast/ovirt';
import {
  ApiError,
  AuthError,
  DecodeError,
  errorViews,
  OvercastError,
  ParameterError,
  TimeoutError,
} from '@overcast/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** One request as the hostile server received it. */
interface Received {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

type Answer = (request: Received, res: ServerResponse) => void;

/** What the suite needs to know of a provider. */
interface ProviderRow {
  name: string;
  /** The secrets the client was given. */
  secrets: string[];
  /** Secrets the client derived for this request (a signature), read back from what was received. */
  derivedSecrets(request: Received): string[];
  /** The API path below the server's origin. */
  apiPath: string;
  /** Runs one read against `origin` with the client's defaults, plus the given extra options. */
  read(origin: string, extra?: Record<string, unknown>): Promise<unknown>;
  /** Answers that are not the API's (the SSO exchange of oVirt): answered normally. */
  preamble?: (request: Received, res: ServerResponse) => boolean;
  /** An error answer of the protocol whose text is `text` (the server's own message). */
  errorAnswer(text: string): { status: number; type: string; body: string };
  /** A successful answer of the protocol holding `value` as a string field (bytes may be invalid UTF-8). */
  okAnswer(value: Buffer): { type: string; body: Buffer };
  /**
   * A successful answer that never ends (`head`, then `repeat` again and again): `children` without
   * end in one element, `depth` (elements opened without end) and `text` (one endless text or
   * string), as the protocol's answer to `read` would hold them.
   */
  endless: Record<EndlessKind, { head: string; repeat: string }> & { type: string };
  /** Makes a client from an endpoint with user info; what the provider does with it. */
  userInfo(
    origin: string,
    user: string,
    password: string,
  ): { expect: 'refused' } | { expect: 'basic'; run: () => Promise<unknown> };
}

type EndlessKind = 'children' | 'depth' | 'text';

/** An OpenNebula answer up to the start of its document: `[true, "<VM>…`. */
const ONE_ANSWER_HEAD =
  '<?xml version="1.0"?><methodResponse><params><param><value><array><data><value><boolean>1</boolean></value><value><string>&lt;VM&gt;';

const CS = { key: 'hostile-api-key-4f7d2a', secret: 'hostile-secret-key-9c1e5b' };
const ONE_SESSION = 'oneadmin:hostile-one-pass-3b8a';
const OVIRT = {
  username: 'admin@internal',
  password: 'hostile-ovirt-pass-77e1',
  token: 'hostile-ovirt-token-5d2c90ab',
};

const OPENSTACK = {
  username: 'admin',
  password: 'hostile-openstack-pass-8e3c',
  projectName: 'admin',
  userDomainName: 'Default',
  projectDomainName: 'Default',
  token: 'hostile-openstack-token-1f6b7a',
};

const EC2_KEYS = { accessKeyId: 'HOSTILEACCESSKEY01', secretAccessKey: 'hostile-ec2-secret-key-2d9f4e' };

const rows: ProviderRow[] = [
  {
    name: 'cloudstack',
    secrets: [CS.key, CS.secret],
    derivedSecrets: (request) => {
      const params = new URLSearchParams(request.body || request.url.split('?')[1] || '');
      const signature = params.get('signature');
      return signature === null ? [] : [signature, encodeURIComponent(signature)];
    },
    apiPath: '/client/api',
    read: (origin, extra = {}) =>
      new CloudStack({ endpoint: `${origin}/client/api`, ...CS, ...extra }).request('listZones', {}),
    errorAnswer: (text) => ({
      status: 431,
      type: 'application/json',
      body: JSON.stringify({
        listzonesresponse: { uuidList: [], errorcode: 431, cserrorcode: 9999, errortext: text },
      }),
    }),
    okAnswer: (value) => ({
      type: 'application/json',
      body: Buffer.concat([
        Buffer.from('{"listzonesresponse":{"count":1,"zone":[{"id":"z1","name":"'),
        value,
        Buffer.from('"}]}}'),
      ]),
    }),
    endless: {
      type: 'application/json',
      children: { head: '{"listzonesresponse":{"count":1,"zone":[', repeat: '{"id":"z1","name":"n"},' },
      depth: { head: '{"listzonesresponse":', repeat: '[' },
      text: { head: '{"listzonesresponse":{"count":1,"zone":[{"id":"z1","name":"', repeat: 'n' },
    },
    userInfo: () => ({ expect: 'refused' }),
  },
  {
    name: 'opennebula',
    secrets: [ONE_SESSION, ONE_SESSION.split(':')[1] as string],
    derivedSecrets: () => [],
    apiPath: '/RPC2',
    read: (origin, extra = {}) =>
      new OneServer(`${origin}/RPC2`, { session: ONE_SESSION, ...extra }).vm.info(7),
    errorAnswer: (text) => ({
      status: 200,
      type: 'text/xml',
      body: `<?xml version="1.0"?><methodResponse><fault><value><struct><member><name>faultCode</name><value><int>-32500</int></value></member><member><name>faultString</name><value><string>${escapeXml(text)}</string></value></member></struct></value></fault></methodResponse>`,
    }),
    okAnswer: (value) => ({
      type: 'text/xml',
      body: Buffer.concat([
        Buffer.from(
          '<?xml version="1.0"?><methodResponse><params><param><value><array><data><value><boolean>1</boolean></value><value><string>&lt;VM&gt;&lt;ID&gt;7&lt;/ID&gt;&lt;NAME&gt;',
        ),
        value,
        Buffer.from(
          '&lt;/NAME&gt;&lt;/VM&gt;</string></value><value><i4>0</i4></value></data></array></value></param></params></methodResponse>',
        ),
      ]),
    }),
    endless: {
      type: 'text/xml',
      children: { head: ONE_ANSWER_HEAD, repeat: '&lt;ID&gt;7&lt;/ID&gt;' },
      depth: { head: ONE_ANSWER_HEAD, repeat: '&lt;T&gt;' },
      text: { head: `${ONE_ANSWER_HEAD}&lt;NAME&gt;`, repeat: 'n' },
    },
    userInfo: (origin, user, password) => ({
      expect: 'basic',
      run: () =>
        new OneServer(origin.replace('http://', `http://${user}:${password}@`) + '/RPC2', {
          session: ONE_SESSION,
        }).vm.info(7),
    }),
  },
  {
    name: 'ovirt',
    secrets: [OVIRT.password, OVIRT.token],
    derivedSecrets: () => [],
    apiPath: '/ovirt-engine/api',
    read: (origin, extra = {}) =>
      new Connection({
        url: `${origin}/ovirt-engine/api`,
        username: OVIRT.username,
        password: OVIRT.password,
        ...extra,
      })
        .systemService()
        .vmsService()
        .list(),
    preamble: (request, res) => {
      if (!request.url.startsWith('/ovirt-engine/sso/')) return false;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: OVIRT.token, scope: 'ovirt-app-api', token_type: 'bearer' }));
      return true;
    },
    errorAnswer: (text) => ({
      status: 400,
      type: 'application/xml',
      body: `<fault><reason>Operation Failed</reason><detail>${escapeXml(text)}</detail></fault>`,
    }),
    okAnswer: (value) => ({
      type: 'application/xml',
      body: Buffer.concat([Buffer.from('<vms><vm id="1"><name>'), value, Buffer.from('</name></vm></vms>')]),
    }),
    endless: {
      type: 'application/xml',
      children: { head: '<vms>', repeat: '<vm id="1"><name>n</name></vm>' },
      depth: { head: '<vms>', repeat: '<vm>' },
      text: { head: '<vms><vm id="1"><name>', repeat: 'n' },
    },
    userInfo: () => ({ expect: 'refused' }),
  },
  {
    name: 'ec2',
    secrets: [EC2_KEYS.secretAccessKey],
    derivedSecrets: (request) => {
      // SigV4 (the default): the signature is the end of the Authorization header.
      const signature = /Signature=([0-9a-f]+)/.exec(String(request.headers.authorization ?? ''))?.[1];
      return signature === undefined ? [] : [signature];
    },
    apiPath: '/services/Cloud',
    read: (origin, extra = {}) =>
      new EC2({
        endpoint: `${origin}/services/Cloud`,
        ...EC2_KEYS,
        region: 'nova',
        env: {},
        ...extra,
      }).describeRegions({}),
    errorAnswer: (text) => ({
      status: 400,
      type: 'text/xml',
      body: `<?xml version="1.0"?>\n<Response><Errors><Error><Code>AuthFailure</Code><Message>${escapeXml(text)}</Message></Error></Errors><RequestID>req-1</RequestID></Response>`,
    }),
    okAnswer: (value) => ({
      type: 'text/xml',
      body: Buffer.concat([
        Buffer.from(
          '<?xml version="1.0"?>\n<DescribeRegionsResponse><requestId>req-1</requestId><regionInfo><item><regionName>',
        ),
        value,
        Buffer.from('</regionName></item></regionInfo></DescribeRegionsResponse>'),
      ]),
    }),
    endless: {
      type: 'text/xml',
      children: {
        head: '<DescribeRegionsResponse><regionInfo>',
        repeat: '<item><regionName>r</regionName></item>',
      },
      depth: { head: '<DescribeRegionsResponse>', repeat: '<a>' },
      text: { head: '<DescribeRegionsResponse><regionInfo><item><regionName>', repeat: 'n' },
    },
    userInfo: () => ({ expect: 'refused' }),
  },
  {
    name: 'openstack',
    secrets: [OPENSTACK.password, OPENSTACK.token],
    derivedSecrets: () => [],
    apiPath: '/identity',
    read: async (origin, extra = {}) => {
      const { token: _, ...user } = OPENSTACK;
      const conn = new OpenStackConnection({ auth: { authUrl: `${origin}/identity`, ...user }, ...extra });
      for await (const project of conn.identity.projects()) return project;
      return undefined;
    },
    // Keystone answers; everything else (discovery included) is the hostile server's.
    preamble: (request, res) => {
      if (request.method !== 'POST' || !request.url.endsWith('/v3/auth/tokens')) return false;
      const base = `http://${String(request.headers.host)}`;
      res.writeHead(201, { 'content-type': 'application/json', 'x-subject-token': OPENSTACK.token });
      res.end(
        JSON.stringify({
          token: {
            expires_at: '2099-01-01T00:00:00.000000Z',
            project: { id: 'p1', name: 'admin' },
            catalog: [
              {
                type: 'identity',
                endpoints: [{ interface: 'public', region_id: 'RegionOne', url: `${base}/identity/v3` }],
              },
            ],
          },
        }),
      );
      return true;
    },
    errorAnswer: (text) => ({
      status: 400,
      type: 'application/json',
      body: JSON.stringify({ error: { code: 400, title: 'Bad Request', message: text } }),
    }),
    okAnswer: (value) => ({
      type: 'application/json',
      body: Buffer.concat([
        Buffer.from('{"projects":[{"id":"p1","name":"'),
        value,
        Buffer.from('"}],"links":{}}'),
      ]),
    }),
    endless: {
      type: 'application/json',
      children: { head: '{"projects":[', repeat: '{"id":"p1","name":"n"},' },
      depth: { head: '{"projects":', repeat: '[' },
      text: { head: '{"projects":[{"id":"p1","name":"', repeat: 'n' },
    },
    userInfo: () => ({ expect: 'refused' }),
  },
];

let server: Server;
let origin: string;
let answer: Answer = (_request, res) => res.end();
let lastRequest: Received | undefined;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      lastRequest = request;
      answer(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

function serveWith(row: ProviderRow, api: Answer): void {
  answer = (request, res) => {
    if (row.preamble?.(request, res)) return;
    api(request, res);
  };
}

/** The request as a debug page or a WAF would print it back. */
function echo(request: Received): string {
  const headers = Object.entries(request.headers)
    .map(([name, value]) => `${name}: ${String(value)}`)
    .join('\n');
  return `<html><body><pre>${request.method} ${request.url}\n${headers}\n\n${request.body}</pre></body></html>`;
}

function expectNoSecret(error: unknown, secrets: readonly string[]): void {
  expect(error).toBeInstanceOf(OvercastError);
  for (const view of errorViews(error)) {
    for (const secret of secrets) expect(view, `a view of ${String(error)}`).not.toContain(secret);
  }
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded against a hostile server');
}

describe.each(rows.map((row) => [row.name, row] as const))('%s against hostile servers', (_name, row) => {
  it.each([401, 500, 200])(
    'keeps every secret out of an error whose body echoes the request (HTTP %i)',
    async (status) => {
      let derived: string[] = [];
      serveWith(row, (request, res) => {
        derived = row.derivedSecrets(request);
        res.writeHead(status, { 'content-type': 'text/html' });
        res.end(echo(request));
      });
      const error = await failure(() => row.read(origin));
      expect(derived.every((value) => value.length > 0)).toBe(true);
      expectNoSecret(error, [...row.secrets, ...derived]);
      if (status !== 200) expect(error).toBeInstanceOf(ApiError);
    },
  );

  it("keeps every secret out of an error that quotes one in the server's own text", async () => {
    serveWith(row, (_request, res) => {
      const text = `denied for ${row.secrets.join(' and ')}; check your settings`;
      const { status, type, body } = row.errorAnswer(text);
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    });
    const error = await failure(() => row.read(origin));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).serverMessage).toContain('check your settings');
    expectNoSecret(error, row.secrets);
  });

  it('never drops or prints user info given in the endpoint', async () => {
    const password = 'userinfo-pass-6a1f';
    const decision = row.userInfo(origin, 'alice', password);
    if (decision.expect === 'refused') {
      const error = await failure(async () =>
        row.read(origin.replace('http://', `http://alice:${password}@`)),
      );
      expect(error).toBeInstanceOf(ParameterError);
      expectNoSecret(error, [password]);
      return;
    }
    serveWith(row, (_request, res) => {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('who are you');
    });
    const error = await failure(decision.run);
    expect(lastRequest?.headers.authorization).toBe(
      `Basic ${Buffer.from(`alice:${password}`).toString('base64')}`,
    );
    expect(error).toBeInstanceOf(AuthError);
    expectNoSecret(error, [password]);
  });

  it('refuses an answer that is not valid UTF-8 instead of decoding it as U+FFFD', async () => {
    serveWith(row, (_request, res) => {
      const { type, body } = row.okAnswer(Buffer.from([0x6e, 0xc3, 0x28, 0x6d]));
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    });
    const error = await failure(() => row.read(origin));
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as Error).message).toMatch(/UTF-8/);
  });

  it('ends a body trickling below the low-speed rule with a TimeoutError naming it', async () => {
    serveWith(row, (_request, res) => {
      res.writeHead(200, { 'content-type': row.okAnswer(Buffer.from('x')).type });
      const timer = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(timer));
    });
    const started = performance.now();
    const error = await failure(() => row.read(origin, { http: { lowSpeed: { bytes: 1024, time: 600 } } }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/low-speed/);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it.each(['children', 'depth', 'text'] as const)(
    'ends an endless answer (%s without end) in a DecodeError naming the limit, without hanging',
    async (kind) => {
      const { head, repeat } = row.endless[kind];
      let sent = 0;
      serveWith(row, (_request, res) => {
        res.writeHead(200, { 'content-type': row.endless.type });
        res.write(head);
        const batch = repeat.repeat(Math.ceil(65_536 / repeat.length));
        const pump = () => {
          while (!res.destroyed) {
            sent += batch.length;
            if (!res.write(batch)) return void res.once('drain', pump);
          }
        };
        res.on('close', () => res.removeAllListeners('drain'));
        pump();
      });
      const error = await failure(() => row.read(origin));
      expect(error).toBeInstanceOf(DecodeError);
      expect((error as Error).message).toMatch(
        /option (maxChildren|maxDepth|maxTextLength)|size limit of \d+ bytes/,
      );
      expect(sent).toBeLessThan(512 * 1024 * 1024);
    },
    60_000,
  );

  it('names the Location of a redirect it refused to follow', async () => {
    serveWith(row, (_request, res) => {
      res.writeHead(302, { location: 'https://elsewhere.example/login' });
      res.end();
    });
    const error = await failure(() => row.read(origin));
    expect(error).toBeInstanceOf(OvercastError);
    expect((error as Error).message).toContain('https://elsewhere.example/login');
  });
});

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
