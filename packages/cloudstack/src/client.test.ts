import { inspect } from 'node:util';
import {
  AbortError,
  ConnectionError,
  cloudStackSignature,
  cloudStackStringToSign,
  DecodeError,
  NotFoundError,
  ParameterError,
  REDACTED,
  scrubSecrets,
  TimeoutError,
} from '@overcast/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudStack, CloudStackApiError, CloudStackError } from './index.js';
import { envelope, type Reply, type Seen, type TestServer, testServer } from './test-support/server.js';

const SECRET = 'test-secret-value';
const KEY = 'test-api-key';
let server: TestServer | undefined;
let client: CloudStack | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function setup(answer: (request: Seen, index: number) => Reply | Promise<Reply>, options = {}) {
  server = await testServer(answer);
  client = new CloudStack({
    endpoint: server.endpoint,
    key: KEY,
    secret: SECRET,
    pollInterval: 1,
    ...options,
  });
  return { server, client };
}

/** The signature the server would compute for the request it got. */
function signatureValid(request: Seen): boolean {
  const params = [...request.params.entries()];
  return request.params.get('signature') === cloudStackSignature(cloudStackStringToSign(params), SECRET);
}

describe('requests', () => {
  it('signs a GET with signatureVersion 3 and expires, encoding lists and maps', async () => {
    const { server, client } = await setup(() => envelope('listvirtualmachines', {}));
    await client.listVirtualMachines({
      ids: ['a', 'b'],
      tags: [{ key: 'env', value: 'prod ~ é' }],
      details: 'all',
    });
    const [request] = server.seen;
    expect(request?.method).toBe('GET');
    expect(request?.params.get('ids')).toBe('a,b');
    expect(request?.params.get('tags[0].value')).toBe('prod ~ é');
    expect(request?.params.get('signatureVersion')).toBe('3');
    expect(request?.params.get('expires')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    expect(request?.params.get('apiKey')).toBe(KEY);
    expect(signatureValid(request as Seen)).toBe(true);
  });

  it('sends a form body with POST, and no expiry with a negative expiration', async () => {
    const { server, client } = await setup(() => envelope('listzones', { count: 0 }), {
      method: 'POST',
      expiration: -1,
    });
    await client.listZones({ name: 'x y' });
    const [request] = server.seen;
    expect(request?.method).toBe('POST');
    expect(request?.contentType).toBe('application/x-www-form-urlencoded');
    expect(request?.params.get('name')).toBe('x y');
    expect(request?.params.has('expires')).toBe(false);
    expect(request?.params.has('signatureVersion')).toBe(false);
    expect(signatureValid(request as Seen)).toBe(true);
  });

  it('gives an empty list answer its count and items', async () => {
    const { client } = await setup(() => envelope('listzones', {}));
    expect(await client.listZones()).toEqual({ count: 0, zone: [] });
  });

  it('checks parameter shapes before sending', async () => {
    const { server, client } = await setup(() => envelope('x', {}));
    // A caller without types (JavaScript, parsed input) can still pass the wrong shape.
    const untyped = { resourceids: ['a'], resourcetype: 'UserVm', tags: 'env=prod' } as never;
    await expect(client.createTags(untyped)).rejects.toThrow(
      new ParameterError('createTags: parameter "tags" must be an object or an array of objects'),
    );
    // A name known only at run time is not typed: the table still checks what it knows.
    await expect(client.request('listZones' as string, { page: 'one' })).rejects.toThrow(
      '"page" must be an integer',
    );
    expect(server.seen).toHaveLength(0);
  });

  it('calls any command by name with request()', async () => {
    const { server, client } = await setup(() => envelope('x', { thing: { id: '1' } }));
    expect(await client.request('someFutureCommand', { a: 1 })).toEqual({ thing: { id: '1' } });
    expect(server.seen[0]?.params.get('command')).toBe('someFutureCommand');
  });

  it('costs nothing to construct: methods are made on first use and kept', async () => {
    const { client } = await setup(() => envelope('x', {}));
    expect(Object.keys(client)).not.toContain('listZones');
    expect(client.listZones).toBe(client.listZones);
    expect((client as unknown as Record<string, unknown>)['notACommand']).toBeUndefined();
    const inspected = `${JSON.stringify(Object.entries(client))} ${inspect(client, { depth: 5 })}`;
    expect(inspected).not.toContain(SECRET);
    expect(inspected).not.toContain(KEY);
  });
});

describe('errors', () => {
  it('turns an error answer into CloudStackApiError with the server fields', async () => {
    const { client } = await setup(() => ({
      status: 431,
      json: {
        errorresponse: { uuidList: [], errorcode: 431, cserrorcode: 9999, errortext: 'missing parameter id' },
      },
    }));
    // As a server answers a call missing a required parameter (one the types would refuse).
    const error = await client.request('deleteNetwork' as string, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error).toBeInstanceOf(CloudStackError);
    expect(error).toMatchObject({
      status: 431,
      errorcode: 431,
      cserrorcode: 9999,
      errortext: 'missing parameter id',
      command: 'deleteNetwork',
    });
    expect(String(error)).toContain('deleteNetwork failed with 431: missing parameter id');
  });

  it('says so when the answer is not JSON', async () => {
    const { client } = await setup(() => ({
      status: 502,
      text: '<html>Bad gateway</html>',
      type: 'text/html',
    }));
    const error = await client.listZones().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudStackError);
    expect(String(error)).toMatch(/listZones: HTTP 502 answer is not JSON \(text\/html\): <html>Bad gateway/);
  });

  it('retries dropped connections for list commands only', async () => {
    const { server, client } = await setup((_r, i) => (i < 2 ? 'drop' : envelope('x', { count: 0 })), {
      retry: 2,
    });
    await client.listZones();
    expect(server.seen).toHaveLength(3);
    server.seen.length = 0;
    await expect(client.createSecurityGroup({ name: 'x' })).rejects.toBeInstanceOf(ConnectionError);
    expect(server.seen).toHaveLength(1);
  });

  it('keeps the secret out of traces and errors', async () => {
    const lines: string[] = [];
    const { client } = await setup(
      () => ({ status: 401, json: { errorresponse: { errorcode: 401, errortext: 'bad' } } }),
      {
        trace: (line: string) => lines.push(line),
      },
    );
    const error = await client.listZones().catch((e: unknown) => e);
    expect(lines.join('\n')).toContain('command=listZones');
    expect(lines.join('\n')).not.toContain(SECRET);
    expect(lines.join('\n')).not.toContain(KEY);
    expect(JSON.stringify(error) + String(error)).not.toContain(SECRET);
  });
});

describe('async jobs', () => {
  const job = (status: number, result?: unknown, code = 0) =>
    envelope('queryAsyncJobResult', {
      jobid: 'j1',
      jobstatus: status,
      jobresultcode: code,
      ...(result ? { jobresult: result } : {}),
    });

  it('polls until the job ends and resolves with its result', async () => {
    const { server, client } = await setup((r, i) => {
      if (r.params.get('command') === 'deployVirtualMachine')
        return envelope('deployvirtualmachine', { id: 'vm1', jobid: 'j1' });
      return i < 3 ? job(0) : job(1, { virtualmachine: { id: 'vm1', state: 'Running' } });
    });
    const vm = await client.deployVirtualMachine({ serviceofferingid: 's', templateid: 't', zoneid: 'z' });
    expect(vm.virtualmachine.state).toBe('Running');
    expect(server.seen.map((r) => r.params.get('command'))).toEqual([
      'deployVirtualMachine',
      'queryAsyncJobResult',
      'queryAsyncJobResult',
      'queryAsyncJobResult',
    ]);
    expect(server.seen[1]?.params.get('jobid')).toBe('j1');
  });

  it('returns the submission with fetchResult: false', async () => {
    const { server, client } = await setup(() =>
      envelope('deployvirtualmachine', { id: 'vm1', jobid: 'j1' }),
    );
    const submitted = await client.deployVirtualMachine(
      { serviceofferingid: 's', templateid: 't', zoneid: 'z' },
      { fetchResult: false },
    );
    expect(submitted).toEqual({ id: 'vm1', jobid: 'j1' });
    expect(server.seen).toHaveLength(1);
  });

  it("rejects with the job's error code and text", async () => {
    const { client } = await setup((r) =>
      r.params.get('command') === 'queryAsyncJobResult'
        ? job(2, { errorcode: 530, cserrorcode: 4250, errortext: 'Unable to start' }, 530)
        : envelope('x', { jobid: 'j1' }),
    );
    const error = await client.startVirtualMachine({ id: 'v' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error).toMatchObject({
      errorcode: 530,
      cserrorcode: 4250,
      errortext: 'Unable to start',
      jobid: 'j1',
    });
  });

  it('reads jobstatus, jobresultcode and errorcode sent as numeric strings', async () => {
    const stringJob = (status: string, result?: unknown, code = '0') =>
      envelope('queryAsyncJobResult', {
        jobid: 'j1',
        jobstatus: status,
        jobresultcode: code,
        ...(result ? { jobresult: result } : {}),
      });
    const { server, client } = await setup((r, i) => {
      if (r.params.get('command') !== 'queryAsyncJobResult') return envelope('x', { jobid: 'j1' });
      if (r.params.get('jobid') === 'j1' && i < 3) return stringJob('0');
      return stringJob('1', { virtualmachine: { id: 'vm1' } });
    });
    expect(await client.startVirtualMachine({ id: 'v' })).toEqual({ virtualmachine: { id: 'vm1' } });
    // Pending ("0") was polled again, success ("1") ended the wait.
    expect(server.seen.map((r) => r.params.get('command'))).toEqual([
      'startVirtualMachine',
      'queryAsyncJobResult',
      'queryAsyncJobResult',
      'queryAsyncJobResult',
    ]);
    await client.close();
    await server.close();

    const failed = await setup((r) =>
      r.params.get('command') === 'queryAsyncJobResult'
        ? stringJob('2', { errorcode: '431', errortext: 'Unable to find VM v' }, '431')
        : envelope('x', { jobid: 'j1' }),
    );
    const error = await failed.client.startVirtualMachine({ id: 'v' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ errorcode: 431, errortext: 'Unable to find VM v', jobid: 'j1' });
    expect(String(error)).toContain('startVirtualMachine (job j1) failed with 431: Unable to find VM v');
  });

  it('fails a job whose result code says so, even with status 1, and keeps a job without error object', async () => {
    const { client } = await setup((r) =>
      r.params.get('command') === 'queryAsyncJobResult'
        ? envelope('queryAsyncJobResult', { jobid: 'j1', jobstatus: 2, jobresultcode: 530 })
        : envelope('x', { jobid: 'j1' }),
    );
    const error = await client.startVirtualMachine({ id: 'v' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error).toMatchObject({ errorcode: 530, jobid: 'j1' });
  });

  it('gives up after jobTimeout and on abort', async () => {
    const { client } = await setup((r) =>
      r.params.get('command') === 'queryAsyncJobResult' ? job(0) : envelope('x', { jobid: 'j1' }),
    );
    await expect(
      client.startVirtualMachine({ id: 'v' }, { jobTimeout: 50, pollInterval: 5 }),
    ).rejects.toBeInstanceOf(TimeoutError);
    const controller = new AbortController();
    const started = client.startVirtualMachine({ id: 'v' }, { signal: controller.signal, pollInterval: 5 });
    setTimeout(() => controller.abort(), 20);
    await expect(started).rejects.toBeInstanceOf(AbortError);
  });
});

describe('fetchList and iterate', () => {
  const TOTAL = 23;
  const pages = (r: Seen): Reply => {
    const page = Number(r.params.get('page'));
    const size = Number(r.params.get('pagesize'));
    const ids = Array.from({ length: TOTAL }, (_, i) => ({ id: `vm${i}` })).slice(
      (page - 1) * size,
      page * size,
    );
    return envelope(
      'listvirtualmachines',
      ids.length === 0 ? { count: TOTAL } : { count: TOTAL, virtualmachine: ids },
    );
  };

  it('fetches every page, in order, with bounded concurrency', async () => {
    let active = 0;
    let most = 0;
    const { server, client } = await setup(async (r) => {
      most = Math.max(most, ++active);
      await new Promise((resolve) => setTimeout(resolve, 10));
      active--;
      return pages(r);
    });
    const all = await client.listVirtualMachines({}, { fetchList: true, pageSize: 2, concurrency: 3 });
    expect(all.map((vm) => vm.id)).toEqual(Array.from({ length: TOTAL }, (_, i) => `vm${i}`));
    expect(server.seen).toHaveLength(12);
    expect(most).toBeLessThanOrEqual(3);
    expect(server.seen.every((r) => r.params.get('pagesize') === '2')).toBe(true);
  });

  it('defaults to pages of 500 and keeps a caller pagesize', async () => {
    const { server, client } = await setup(pages);
    await client.listVirtualMachines({}, { fetchList: true });
    expect(server.seen[0]?.params.get('pagesize')).toBe('500');
    const ids: string[] = [];
    for await (const vm of client.iterate('listVirtualMachines', { pagesize: 10 })) ids.push(vm.id ?? '');
    expect(ids).toHaveLength(TOTAL);
    expect(server.seen.slice(1).map((r) => r.params.get('page'))).toEqual(['1', '2', '3']);
  });

  it('refuses to page a command that does not page', async () => {
    const { client } = await setup(pages);
    await expect(client.request('listCapabilities', {}, { fetchList: true })).rejects.toBeInstanceOf(
      ParameterError,
    );
  });
});

describe('options', () => {
  it('refuses an endpoint with user info, without repeating it', () => {
    let error: unknown;
    try {
      new CloudStack({
        endpoint: 'https://admin:hunter22@cloud.example/client/api',
        key: KEY,
        secret: SECRET,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParameterError);
    expect(String(error)).toMatch(/user info.*"key" and "secret"/);
    expect(inspect(error, { showHidden: true, depth: Infinity })).not.toMatch(/admin|hunter22/);
    expect(() => new CloudStack({ endpoint: 'cloud.example/client/api', key: KEY, secret: SECRET })).toThrow(
      ParameterError,
    );
  });

  it('takes verify/cert/certKey as aliases of tls, and refuses two that disagree', () => {
    const endpoint = 'http://127.0.0.1:1/client/api';
    expect(
      () => new CloudStack({ endpoint, key: KEY, secret: SECRET, verify: false, tls: { insecure: true } }),
    ).not.toThrow();
    expect(
      () =>
        new CloudStack({
          endpoint,
          key: KEY,
          secret: SECRET,
          verify: '/ca.pem',
          tls: { caFile: '/other.pem' },
        }),
    ).toThrow(new ParameterError('CloudStack: "verify" and "tls.caFile" disagree; give one of them'));
    expect(() => new CloudStack({ endpoint, key: KEY, secret: SECRET, retry: -1 })).toThrow(ParameterError);
    expect(() => new CloudStack({ endpoint, key: KEY, secret: SECRET, timeout: -5 })).toThrow(ParameterError);
  });

  it('applies the 10 s default timeout, and timeout: 0 turns it off', async () => {
    const { client } = await setup(
      () => new Promise<Reply>((resolve) => setTimeout(() => resolve(envelope('listzones', {})), 300)),
      { timeout: 100 },
    );
    const error = await client.listZones().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(100);
    expect(await client.listZones({}, { timeout: 0 })).toEqual({ count: 0, zone: [] });
  });

  it('signs the call option query in with the parameters, which win on a clash', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const { server, client } = await setup(() => envelope('listzones', {}), { method });
      await client.listZones(
        { name: 'mine' },
        { query: { name: 'theirs', projectid: 'p1', skipped: undefined } },
      );
      const [request] = server.seen;
      expect(request?.params.get('name')).toBe('mine');
      expect(request?.params.get('projectid')).toBe('p1');
      expect(request?.params.has('skipped')).toBe(false);
      expect(signatureValid(request as Seen)).toBe(true);
      await expect(client.listZones({}, { query: { apiKey: 'x' } })).rejects.toBeInstanceOf(ParameterError);
      await client.close();
      await server.close();
    }
  });

  it('sends per-call headers over the client headers', async () => {
    const headers: Record<string, string | undefined>[] = [];
    const { createServer } = await import('node:http');
    const front = createServer((req, res) => {
      headers.push({
        a: req.headers['x-a'] as string | undefined,
        b: req.headers['x-b'] as string | undefined,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"listzonesresponse":{}}');
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    const { port } = front.address() as { port: number };
    client = new CloudStack({
      endpoint: `http://127.0.0.1:${port}/client/api`,
      key: KEY,
      secret: SECRET,
      headers: { 'x-a': 'client', 'x-b': 'client' },
    });
    await client.listZones({}, { headers: { 'x-b': 'call' } });
    front.closeAllConnections();
    front.close();
    expect(headers).toEqual([{ a: 'client', b: 'call' }]);
  });

  it('traces through the runtime logger: trace: true, a trace function, or debug: trace', async () => {
    const lines: string[] = [];
    const logger = { debug: (line: string) => lines.push(`debug ${line}`), info() {}, warn() {}, error() {} };
    const { client } = await setup(() => envelope('listzones', {}), { method: 'POST', logger, trace: true });
    await client.listZones();
    expect(lines.join('\n')).toMatch(
      /^debug POST http:.*request body: .*command=listZones.*signature=\[REDACTED\]/m,
    );
    expect(lines.join('\n')).toMatch(/response body: \{"listzonesresponse":\{\}\}/);
    expect(lines.join('\n')).not.toContain(KEY);
    lines.length = 0;
    // A logger without debug or trace gets no debug lines (the runtime's default).
    const quiet = new CloudStack({ endpoint: client.endpoint, key: KEY, secret: SECRET, logger });
    await quiet.listZones();
    await quiet.close();
    expect(lines).toEqual([]);
  });

  it('registers the key and secret while open, and forgets them on close', async () => {
    const key = 'forgettable-key-4f1c9';
    const secret = 'forgettable-secret-8d2e7';
    const made = new CloudStack({ endpoint: 'http://127.0.0.1:1/client/api', key, secret });
    expect(scrubSecrets(`${key} ${secret}`)).toBe(`${REDACTED} ${REDACTED}`);
    await made.close();
    expect(scrubSecrets(`${key} ${secret}`)).toBe(`${key} ${secret}`);
    // Used again after close: registered again.
    await made.listZones().catch(() => undefined);
    expect(scrubSecrets(key)).toBe(REDACTED);
    await made.close();
  });
});

describe('answers the client cannot use', () => {
  it('a body that is not UTF-8 is a DecodeError naming the offset', async () => {
    const { client } = await setup(() => ({ bytes: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]) }));
    const error = await client.listZones().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecodeError);
    expect(String(error)).toMatch(/not valid UTF-8 \(first bad byte at offset 2\)/);
  });

  it('a redirect is an error naming its Location, not followed', async () => {
    const { server, client } = await setup(() => ({
      status: 301,
      text: '',
      headers: { location: 'https://cloud.example/client/api' },
    }));
    const error = await client.listZones().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudStackError);
    expect(error).not.toBeInstanceOf(CloudStackApiError);
    expect(String(error)).toContain('listZones: HTTP 301 redirect to https://cloud.example/client/api;');
    expect(error).toMatchObject({ status: 301, method: 'GET', command: 'listZones' });
    expect(server.seen).toHaveLength(1);
  });
});
