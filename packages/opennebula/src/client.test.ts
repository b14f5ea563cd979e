import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AbortError,
  ApiError,
  ConnectionError,
  DecodeError,
  ParameterError,
  TimeoutError,
} from '@overcast/runtime/errors';
import {
  decodeMethodCall,
  encodeMethodResponse,
  type XmlRpcInput,
  type XmlRpcValue,
} from '@overcast/runtime/xmlrpc';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OneServer, READ_METHODS } from './client.js';
import { OneActionError, OneError } from './errors.js';

const SESSION = 'oneadmin:s3cret-pass';

interface Recorded {
  method: string;
  params: XmlRpcValue[];
  headers: IncomingHttpHeaders;
  url: string;
}

/** What the server does next for a method: answer this value, or fail over HTTP, or wait first. */
type Plan =
  | XmlRpcInput
  | { http: number; body?: string }
  | { delay: number; answer: XmlRpcInput }
  | { sequence: Plan[] };

const calls: Recorded[] = [];
const plans = new Map<string, Plan>();
let server: Server;
let url: string;

function answer(plan: Plan, response: import('node:http').ServerResponse): void {
  if (isObject(plan) && 'http' in plan) {
    response.writeHead(plan.http as number).end(plan.body ?? 'boom');
  } else if (isObject(plan) && 'delay' in plan) {
    setTimeout(() => answer(plan.answer as XmlRpcInput, response), plan.delay as number);
  } else {
    response.writeHead(200, { 'content-type': 'text/xml' }).end(encodeMethodResponse(plan as XmlRpcInput));
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const call = decodeMethodCall(Buffer.concat(chunks).toString('utf8'));
      calls.push({ ...call, headers: request.headers, url: request.url ?? '' });
      let plan: Plan = plans.get(call.method) ?? [true, 0, 0];
      if (isObject(plan) && 'sequence' in plan) {
        const sequence = plan.sequence as Plan[];
        plan = sequence.length > 1 ? (sequence.shift() as Plan) : (sequence[0] as Plan);
      }
      answer(plan, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/RPC2`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  plans.clear();
});

function lastCall(): Recorded | undefined {
  return calls.at(-1);
}

describe('OneServer', () => {
  it('sends the session first, then the arguments, leaving out trailing undefined ones', async () => {
    const one = new OneServer(url, { session: SESSION });
    plans.set('one.vm.info', [true, '<VM><ID>5</ID><NAME>x</NAME></VM>', 0]);
    const vm = await one.vm.info(5);
    expect(lastCall()).toMatchObject({ method: 'one.vm.info', params: [SESSION, 5] });
    expect(vm.ID).toBe(5);
    plans.set('one.vmpool.info', [true, '<VM_POOL/>', 0]);
    expect(await one.vmpool.info(-1, -1, -1, -1, undefined)).toEqual({ VM: [] });
    expect(lastCall()?.params).toEqual([SESSION, -1, -1, -1, -1]);
    await one.vm.info(5, true);
    expect(lastCall()?.params).toEqual([SESSION, 5, true]);
    await one.close();
  });

  it('turns template objects into template text or XML', async () => {
    const one = new OneServer(url, { session: SESSION });
    await one.host.update(0, { LABELS: 'HD' }, 1);
    expect(lastCall()).toMatchObject({ method: 'one.host.update', params: [SESSION, 0, 'LABELS="HD"\n', 1] });
    await one.vm.update(1, { TEMPLATE: { NAME: 'abc', MEMORY: '1024' } }, 1);
    expect(lastCall()?.params[2]).toBe(
      '<TEMPLATE><NAME><![CDATA[abc]]></NAME><MEMORY><![CDATA[1024]]></MEMORY></TEMPLATE>',
    );
    await one.template.allocate('NAME="test100"\nMEMORY="1024"');
    expect(lastCall()?.params[1]).toBe('NAME="test100"\nMEMORY="1024"');
    await one.close();
  });

  it('sends 64-bit parameters as i8 whatever their size', async () => {
    const one = new OneServer(url, { session: SESSION });
    plans.set('one.zone.voterequest', [true, [true, 3], 0]);
    await one.zone.voterequest(1, 2, 3, 4);
    // The Node decoder gives back numbers for small i8s: the request body is what matters.
    expect(lastCall()?.params).toEqual([SESSION, 1, 2, 3, 4]);
    await one.close();
  });

  it('checks arguments before sending anything', async () => {
    const one = new OneServer(url, { session: SESSION });
    const before = calls.length;
    const untyped = one as unknown as { vm: { info: (...args: unknown[]) => Promise<unknown> } };
    await expect(untyped.vm.info('7')).rejects.toThrow(
      /one.vm.info parameter 1 must be a 32-bit integer, got string/,
    );
    await expect(untyped.vm.info()).rejects.toThrow(/needs at least 1 parameters/);
    await expect(untyped.vm.info(1, false, {}, 'extra')).rejects.toThrow(ParameterError);
    await expect(untyped.vm.info(1, false, undefined, undefined)).rejects.toThrow(/takes 2 parameters/);
    await expect(one.call('one.nothing.here')).rejects.toThrow(/not an OpenNebula XML-RPC method/);
    await expect(one.host.update(0, {}, 1)).rejects.toThrow(
      /Cannot send an empty one.host.update parameter 2/,
    );
    expect(calls.length).toBe(before);
    expect(() => new OneServer(url, { session: '' })).toThrow(/needs a session/);
    expect(() => new OneServer('not a url', { session: SESSION })).toThrow(/not an absolute URL/);
    expect(() => new OneServer('ftp://one/RPC2', { session: SESSION })).toThrow(/not an http\(s\) URL/);
    await one.close();
  });

  it("sends vm.action's name as given; a name oned does not run does not type-check", async () => {
    const one = new OneServer(url, { session: SESSION });
    plans.set('one.vm.action', [true, 7, 0]);
    await expect(one.vm.action('poweroff-hard', 7)).resolves.toBe(7);
    expect(lastCall()).toMatchObject({ method: 'one.vm.action', params: [SESSION, 'poweroff-hard', 7] });
    // 'shutdown' left oned's actions long ago (pyone still lists it): the type refuses it, and
    // oned would answer an action error, which arrives typed when the name is forced through.
    plans.set('one.vm.action', [false, '[one.vm.action] Action "shutdown" is not supported', 0x800, 7, 0]);
    // @ts-expect-error not one of the actions one.vm.action runs
    await expect(one.vm.action('shutdown', 7)).rejects.toBeInstanceOf(OneActionError);
    await one.close();
  });

  it('keeps non-XML strings as strings and rejects malformed answers clearly', async () => {
    const one = new OneServer(url, { session: SESSION });
    plans.set('one.system.version', [true, '7.5.80', 0]);
    expect(await one.system.version()).toBe('7.5.80');
    plans.set('one.vm.info', [true, 'not xml', 0]);
    await expect(one.vm.info(1)).rejects.toThrow(/expected an XML document/);
    plans.set('one.vm.info', 'just a string');
    await expect(one.vm.info(1)).rejects.toThrow(DecodeError);
    plans.set('one.vm.allocate', [true, 'seven', 0]);
    await expect(one.vm.allocate('NAME=x')).rejects.toThrow(/expected an integer id, got string/);
    plans.set('one.vm.info', { http: 500 });
    await expect(one.vm.info(1)).rejects.toMatchObject({ status: 500 });
    await one.close();
  });

  it('logs each call without the session when debug is on', async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) => lines.push(args.map(String).join(' '));
    const logger = { debug: capture, info: capture, warn: capture, error: capture };
    const one = new OneServer(url, { session: SESSION, logger, debug: 'trace' });
    plans.set('one.system.version', [true, '7.5.80', 0]);
    await one.system.version();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).toContain('one.system.version');
    expect(lines.join('\n')).not.toContain('s3cret');
    await one.close();
    const quiet: string[] = [];
    const silent = new OneServer(url, {
      session: SESSION,
      logger: { ...logger, debug: (...args: unknown[]) => quiet.push(args.map(String).join(' ')) },
    });
    await silent.system.version();
    expect(quiet).toEqual([]);
    await silent.close();
  });

  it('fails with a ConnectionError naming the server when nothing listens', async () => {
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const port = (dead.address() as AddressInfo).port;
    await new Promise((resolve) => dead.close(resolve));
    const one = new OneServer(`http://127.0.0.1:${port}/RPC2`, { session: SESSION, timeout: 5_000 });
    await expect(one.system.version()).rejects.toBeInstanceOf(ConnectionError);
    await one.close();
  });

  it('builds namespaces lazily and exposes every one', () => {
    const one = new OneServer(url, { session: SESSION });
    expect(typeof one.vm.info).toBe('function');
    expect(one.vm).toBe(one.vm);
    expect(Object.keys(one)).toEqual(
      expect.arrayContaining(['vm', 'vmpool', 'template', 'groupquota', 'hooklog']),
    );
  });
});

describe('call options: right after the last argument given', () => {
  /** A call the server answers late: the timeout in the options must end it. */
  async function timesOut(call: () => Promise<unknown>, method: string, answer: XmlRpcInput) {
    plans.set(method, { delay: 1_000, answer });
    const started = Date.now();
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(900);
  }

  it('one.vm.info(7, { timeout }): the options are not a parameter, and the timeout applies', async () => {
    const one = new OneServer(url, { session: SESSION });
    const answer = [true, '<VM><ID>7</ID></VM>', 0];
    plans.set('one.vm.info', answer);
    await one.vm.info(7, { timeout: 5_000 });
    expect(lastCall()?.params).toEqual([SESSION, 7]);
    await timesOut(() => one.vm.info(7, { timeout: 100 }), 'one.vm.info', answer);
    expect(lastCall()?.params).toEqual([SESSION, 7]);
    await one.close();
  });

  it('one.vmpool.info(-2, -1, -1, -1, { timeout })', async () => {
    const one = new OneServer(url, { session: SESSION });
    const answer = [true, '<VM_POOL/>', 0];
    plans.set('one.vmpool.info', answer);
    await one.vmpool.info(-2, -1, -1, -1, { timeout: 5_000 });
    expect(lastCall()?.params).toEqual([SESSION, -2, -1, -1, -1]);
    await timesOut(() => one.vmpool.info(-2, -1, -1, -1, { timeout: 100 }), 'one.vmpool.info', answer);
    expect(lastCall()?.params).toEqual([SESSION, -2, -1, -1, -1]);
    await one.close();
  });

  it('one.host.update(0, { LABELS }, 1, { timeout }): an object where a template goes is the template', async () => {
    const one = new OneServer(url, { session: SESSION });
    await one.host.update(0, { LABELS: 'x' }, 1, { timeout: 5_000 });
    expect(lastCall()?.params).toEqual([SESSION, 0, 'LABELS="x"\n', 1]);
    await one.host.update(0, { LABELS: 'x' }, { timeout: 5_000 });
    expect(lastCall()?.params).toEqual([SESSION, 0, 'LABELS="x"\n']);
    await timesOut(() => one.host.update(0, { LABELS: 'x' }, 1, { timeout: 100 }), 'one.host.update', [
      true,
      0,
      0,
    ]);
    expect(lastCall()?.params).toEqual([SESSION, 0, 'LABELS="x"\n', 1]);
    await one.close();
  });

  it('one.vm.deploy(1, 2, false, -1, { NIC }, { timeout }), and shorter forms', async () => {
    const NIC_XML = '<NIC><NETWORK_ID><![CDATA[0]]></NETWORK_ID></NIC>';
    const one = new OneServer(url, { session: SESSION });
    plans.set('one.vm.deploy', [true, 1, 0]);
    await one.vm.deploy(1, 2, false, -1, { NIC: { NETWORK_ID: 0 } }, { timeout: 5_000 });
    expect(lastCall()?.params).toEqual([SESSION, 1, 2, false, -1, NIC_XML]);
    await one.vm.deploy(1, 2, { timeout: 5_000 });
    expect(lastCall()?.params).toEqual([SESSION, 1, 2]);
    await one.vm.deploy(1, 2, true, { timeout: 5_000 });
    expect(lastCall()?.params).toEqual([SESSION, 1, 2, true]);
    // Where a template goes, an object is the template: undefined holds its place.
    await one.vm.deploy(1, 2, false, -1, undefined, { timeout: 5_000 });
    expect(lastCall()?.params).toEqual([SESSION, 1, 2, false, -1]);
    await timesOut(
      () => one.vm.deploy(1, 2, false, -1, { NIC: { NETWORK_ID: 0 } }, { timeout: 100 }),
      'one.vm.deploy',
      [true, 1, 0],
    );
    expect(lastCall()?.params).toEqual([SESSION, 1, 2, false, -1, NIC_XML]);
    await one.close();
  });

  it('sends the headers and query of the options, and aborts on the signal', async () => {
    const one = new OneServer(url, { session: SESSION, headers: { 'x-client': 'c' } });
    plans.set('one.system.version', [true, '7.5.80', 0]);
    await one.system.version({ headers: { 'x-call': 'yes' }, query: { trace: 1 } });
    expect(lastCall()?.headers).toMatchObject({
      'x-call': 'yes',
      'x-client': 'c',
      'content-type': 'text/xml',
    });
    expect(lastCall()?.url).toBe('/RPC2?trace=1');
    expect(lastCall()?.params).toEqual([SESSION]);
    await expect(one.vm.info(1, undefined, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortError,
    );
    await expect(one.vm.info(1, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    await one.close();
  });

  it('refuses an object that is neither the parameter nor call options, and anything after the options', async () => {
    const one = new OneServer(url, { session: SESSION });
    const before = calls.length;
    const untyped = one as unknown as { vm: Record<string, (...args: unknown[]) => Promise<unknown>> };
    await expect(untyped.vm.info?.(7, { NAME: 'x' })).rejects.toThrow(
      /one.vm.info: argument 2 is taken as call options \(parameter 2 takes a boolean, not an object\), but "NAME" is not one; call options are timeout, signal, headers, query, retry/,
    );
    // @ts-expect-error the options are the last argument
    await expect(one.vm.info(7, { timeout: 1 }, true)).rejects.toThrow(
      /must be the call options, the last argument/,
    );
    await expect(untyped.vm.info?.({ timeout: 1 })).rejects.toThrow(/needs at least 1 parameters, got 0/);
    expect(calls.length).toBe(before);
    await one.close();
  });
});

describe('retries: reads only', () => {
  const quick = { retries: 2, minDelay: 1, maxDelay: 5 };

  it('lists the reads by method name', () => {
    for (const read of [
      'one.vm.info',
      'one.vmpool.info',
      'one.vmpool.infoextended',
      'one.vmpool.infoset',
      'one.vmpool.monitoring',
      'one.vmpool.accounting',
      'one.vmpool.showback',
      'one.host.monitoring',
      'one.hostpool.info',
      'one.system.version',
      'one.system.config',
      'one.zone.raftstatus',
      'one.acl.info',
      'one.userquota.info',
    ]) {
      expect(READ_METHODS.has(read), read).toBe(true);
    }
    for (const write of [
      'one.vm.allocate',
      'one.vm.action',
      'one.vm.deploy',
      'one.vm.update',
      'one.template.delete',
      'one.template.instantiate',
      'one.user.login',
      'one.vmpool.calculateshowback',
      'one.system.sqlquery',
      'one.zone.voterequest',
    ]) {
      expect(READ_METHODS.has(write), write).toBe(false);
    }
  });

  it("retries a read on 503 as the client's retry allows", async () => {
    const one = new OneServer(url, { session: SESSION, retry: quick });
    plans.set('one.vm.info', { sequence: [{ http: 503 }, { http: 503 }, [true, '<VM><ID>1</ID></VM>', 0]] });
    const before = calls.length;
    expect((await one.vm.info(1)).ID).toBe(1);
    expect(calls.length - before).toBe(3);
    await one.close();
  });

  it("retries a read as the call's retry allows, and not at all by default", async () => {
    const one = new OneServer(url, { session: SESSION });
    plans.set('one.vmpool.info', { sequence: [{ http: 503 }, [true, '<VM_POOL/>', 0]] });
    let before = calls.length;
    await expect(one.vmpool.info(-2, -1, -1, -1)).rejects.toMatchObject({ status: 503 });
    expect(calls.length - before).toBe(1);
    before = calls.length;
    plans.set('one.vmpool.info', { sequence: [{ http: 503 }, [true, '<VM_POOL/>', 0]] });
    await one.vmpool.info(-2, -1, -1, -1, { retry: quick });
    expect(calls.length - before).toBe(2);
    await one.close();
  });

  it('sends a write exactly once, and refuses a retry asked for a write', async () => {
    const one = new OneServer(url, { session: SESSION, retry: quick });
    plans.set('one.vm.action', { http: 503 });
    let before = calls.length;
    await expect(one.vm.action('terminate', 1)).rejects.toMatchObject({ status: 503 });
    expect(calls.length - before).toBe(1);
    before = calls.length;
    await expect(one.vm.allocate('NAME=x', { retry: 2 })).rejects.toThrow(
      /one.vm.allocate is not safe to repeat: retry applies to reads only/,
    );
    expect(calls.length).toBe(before);
    await one.close();
  });

  it('refuses a wrong option at construction', () => {
    expect(() => new OneServer(url, { session: SESSION, timeout: -1 })).toThrow(ParameterError);
    expect(() => new OneServer(url, { session: SESSION, retry: -1 })).toThrow(ParameterError);
  });
});

describe('errors', () => {
  it('a failure answer is an ApiError carrying the method, the redacted URL and the status', async () => {
    const one = new OneServer(url, { session: SESSION });
    plans.set('one.vm.info', [false, '[one.vm.info] Error getting virtual machine [9].', 0x400, 9, 0n]);
    const error = await one.vm.info(9).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(OneError);
    expect(error).toMatchObject({
      method: 'one.vm.info',
      httpMethod: 'POST',
      url,
      status: 200,
      code: 0x400,
      serverMessage: '[one.vm.info] Error getting virtual machine [9].',
    });
    await one.close();
  });
});
