import { AuthError, ConnectionError, NotFoundError, ParameterError, TimeoutError } from '@overcast/runtime';
import {
  type RunningSimulator,
  type SimulatorRequest,
  type SimulatorResponse,
  startSimulator,
} from '@overcast/simulators';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from './connection.js';
import { OvirtError } from './errors.js';

/** A canned engine: SSO and revoke endpoints plus per-path XML answers, recording every request. */
const requests: SimulatorRequest[] = [];
const answers = new Map<string, SimulatorResponse>();
let tokens = 0;
let sim: RunningSimulator;

const xml = (status: number, body: string): SimulatorResponse => ({
  status,
  headers: { 'content-type': 'application/xml' },
  body,
});

beforeAll(async () => {
  sim = await startSimulator({
    name: 'ovirt-canned',
    handler: (request) => {
      requests.push(request);
      if (request.path === '/ovirt-engine/sso/oauth/token') {
        const form = new URLSearchParams(request.text);
        if (form.get('password') !== 's3cret-pass') {
          return {
            status: 400,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ error: 'access_denied', error_description: 'Cannot authenticate user.' }),
          };
        }
        tokens++;
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ access_token: `tok-${tokens}` }),
        };
      }
      if (request.path === '/ovirt-engine/services/sso-logout') {
        return { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
      }
      const path = request.path.replace('/ovirt-engine/api', '');
      return (
        answers.get(`${request.method} ${path}`) ??
        xml(404, '<fault><reason>Not Found</reason><detail>no such thing</detail></fault>')
      );
    },
  });
});
afterAll(() => sim.close());
afterEach(() => {
  requests.length = 0;
  answers.clear();
  sim.faults.clear();
});

function connect(options: Partial<ConstructorParameters<typeof Connection>[0]> = {}): Connection {
  return new Connection({
    url: `${sim.url}/ovirt-engine/api`,
    username: 'admin@internal',
    password: 's3cret-pass',
    ...options,
  });
}

describe('Connection', () => {
  it('gets a token with the password grant and sends it with Version 4 on every request', async () => {
    answers.set('GET /vms', xml(200, '<vms><vm id="1"><name>a</name></vm></vms>'));
    const connection = connect();
    const vms = await connection
      .systemService()
      .vmsService()
      .list({ search: 'name=a*', max: 5, allContent: true });
    expect(vms).toEqual([{ id: '1', name: 'a' }]);
    await connection.systemService().vmsService().list();
    const [sso, first, second] = requests;
    expect(Object.fromEntries(new URLSearchParams(sso?.text))).toEqual({
      grant_type: 'password',
      scope: 'ovirt-app-api',
      username: 'admin@internal',
      password: 's3cret-pass',
    });
    expect(first?.headers).toMatchObject({
      authorization: 'Bearer tok-1',
      version: '4',
      accept: 'application/xml',
      'all-content': 'true',
    });
    expect(Object.fromEntries(first?.query ?? [])).toEqual({
      search: 'name=a*',
      max: '5',
      all_content: 'true',
    });
    expect(second?.headers.authorization).toBe('Bearer tok-1');
    expect(requests).toHaveLength(3);
    await connection.close();
    expect(Object.fromEntries(new URLSearchParams(requests[3]?.text))).toEqual({
      scope: 'ovirt-app-api',
      token: 'tok-1',
    });
  });

  it('uses a given token as is, re-authenticates once on 401 only with credentials', async () => {
    answers.set('GET ', xml(401, '<fault><reason>Unauthorized</reason><detail>expired</detail></fault>'));
    const withToken = connect({ token: 'given', username: undefined, password: undefined });
    await expect(withToken.systemService().get()).rejects.toBeInstanceOf(AuthError);
    expect(requests.map((request) => request.headers.authorization)).toEqual(['Bearer given']);
    await withToken.close({ logout: false });
    requests.length = 0;
    const withPassword = connect();
    const failure = await withPassword
      .systemService()
      .get()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AuthError);
    expect((failure as AuthError).message).toBe(
      'Fault reason is "Unauthorized". Fault detail is "expired". HTTP response code is 401.',
    );
    expect(requests.map((request) => request.path)).toEqual([
      '/ovirt-engine/sso/oauth/token',
      '/ovirt-engine/api',
      '/ovirt-engine/sso/oauth/token',
      '/ovirt-engine/api',
    ]);
    await withPassword.close();
  });

  it('reports SSO errors as AuthError with the server reason, and never the password', async () => {
    const connection = connect({ password: 'wrong-password' });
    const failure = await connection.authenticate().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AuthError);
    expect((failure as Error).message).toBe(
      'Error during SSO authentication access_denied : Cannot authenticate user.',
    );
    expect(JSON.stringify(failure)).not.toContain('wrong-password');
    expect(await connection.testConnection()).toBe(false);
    await connection.close();
  });

  it('maps answers to errors: 404, other faults, a fault inside a 2xx action, non-XML bodies', async () => {
    const connection = connect();
    const vm = connection.systemService().vmsService().vmService('42');
    const missing = await vm.get().catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ status: 404, code: 'Not Found', serverMessage: 'no such thing' });
    answers.set(
      'POST /vms/42/start',
      xml(
        200,
        '<action><status>failed</status><fault><reason>Operation Failed</reason><detail>[no host]</detail></fault></action>',
      ),
    );
    const failed = await vm.start().catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(OvirtError);
    expect(failed).toMatchObject({ status: 200, fault: { reason: 'Operation Failed', detail: '[no host]' } });
    answers.set('DELETE /vms/42', {
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html>bad gateway</html>',
    });
    const gateway = await vm.remove().catch((error: unknown) => error);
    expect(gateway).toBeInstanceOf(OvirtError);
    expect(gateway).toMatchObject({ status: 502, body: '<html>bad gateway</html>' });
    await connection.close();
  });

  it('sends actions as <action> bodies and returns their output parameter', async () => {
    answers.set(
      'POST /vms/42/ticket',
      xml(
        200,
        '<action><ticket><value>abc</value><expiry>120</expiry></ticket><status>complete</status></action>',
      ),
    );
    const connection = connect();
    const ticket = await connection
      .systemService()
      .vmsService()
      .vmService('42')
      .ticket({ ticket: { expiry: 120 }, async: false });
    expect(ticket).toEqual({ value: 'abc', expiry: 120 });
    expect(requests[1]?.text).toBe(
      '<action><async>false</async><ticket><expiry>120</expiry></ticket></action>',
    );
    await connection.close();
  });

  it('follows links by their href', async () => {
    answers.set('GET /vms/42/nics', xml(200, '<nics><nic id="n1"><name>eth0</name></nic></nics>'));
    const connection = connect();
    const nics = await connection.followLink(Object.assign([], { href: '/ovirt-engine/api/vms/42/nics' }));
    expect(nics).toEqual([{ id: 'n1', name: 'eth0' }]);
    await expect(connection.followLink({ href: '/elsewhere/1' })).rejects.toBeInstanceOf(ParameterError);
    await connection.close();
  });

  it('turns timeouts and unreachable engines into TimeoutError and ConnectionError', async () => {
    answers.set('GET ', xml(200, '<api/>'));
    sim.faults.add({ kind: 'latency', ms: 2000, when: (request) => request.path === '/ovirt-engine/api' });
    const slow = connect({ timeout: 100 });
    await expect(slow.systemService().get()).rejects.toBeInstanceOf(TimeoutError);
    await slow.close();
    const dead = new Connection({ url: 'http://127.0.0.1:1/ovirt-engine/api', token: 't' });
    await expect(dead.systemService().get()).rejects.toBeInstanceOf(ConnectionError);
    await dead.close({ logout: false });
  });

  it('reports a failed sign-in on the call as not sent, and retries the sign-in of a read', async () => {
    const isSignIn = (request: SimulatorRequest) => request.path === '/ovirt-engine/sso/oauth/token';
    answers.set('POST /vms', xml(201, '<vm id="v1"><name>a</name></vm>'));
    answers.set('GET /vms', xml(200, '<vms/>'));
    sim.faults.add({ kind: 'truncate', bytes: 5, times: 1, when: isSignIn });
    const writer = connect();
    const error = await writer
      .systemService()
      .vmsService()
      .add({ name: 'a', cluster: { name: 'Default' }, template: { name: 'Blank' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).stage).toBe('connect');
    expect((error as Error).message).toMatch(/^POST \/vms was not sent/);
    expect(requests.filter((r) => r.method === 'POST' && r.path.endsWith('/vms'))).toHaveLength(0);
    await writer.close();

    sim.faults.add({ kind: 'error', status: 503, times: 2, when: isSignIn });
    sim.requests.reset();
    const reader = connect({ retry: { retries: 3, minDelay: 1, maxDelay: 5 } });
    await expect(reader.systemService().vmsService().list()).resolves.toEqual([]);
    expect(sim.requests.count('POST /ovirt-engine/sso/oauth/token')).toBe(3);
    await reader.close();
  });

  it('refuses bad configuration up front', () => {
    expect(() => new Connection({ url: '' })).toThrow(ParameterError);
    expect(() => new Connection({ url: 'http://x/api' })).toThrow(/token, or username and password/);
  });
});
