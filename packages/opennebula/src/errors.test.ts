import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApiError,
  AuthError,
  BadRequestError,
  ConflictError,
  DecodeError,
  NotFoundError,
  PermissionError,
  RateLimitError,
} from '@overcast/runtime/errors';
import { encodeFault, encodeMethodResponse } from '@overcast/runtime/xmlrpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OneServer } from './client.js';
import {
  OneActionError,
  OneAllocateError,
  OneApiError,
  OneAuthenticationError,
  OneAuthorizationError,
  OneError,
  OneFaultError,
  OneHttpAuthError,
  OneHttpBadRequestError,
  OneHttpConflictError,
  OneHttpNotFoundError,
  OneHttpPermissionError,
  OneHttpRateLimitError,
  OneInternalError,
  OneLockedError,
  OneNoExistsError,
  OneReplicationError,
} from './errors.js';

const SESSION = 'oneadmin:errors-pass';
let reply: (request: IncomingMessage, response: ServerResponse) => void = (_q, response) => response.end();
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => reply(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/RPC2`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function answering(status: number, body: string | Buffer, headers: Record<string, string> = {}) {
  reply = (_request, response) =>
    response.writeHead(status, { 'content-type': 'text/xml', ...headers }).end(body);
}

async function failure(call: (one: OneServer) => Promise<unknown>): Promise<unknown> {
  const one = new OneServer(url, { session: SESSION });
  try {
    return await call(one).then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) => error,
    );
  } finally {
    await one.close();
  }
}

/** Every runtime kind, to check that an error is its kind and none of the others. */
const KINDS = [AuthError, PermissionError, NotFoundError, ConflictError, RateLimitError, BadRequestError];

function expectKind(error: unknown, Kind: typeof ApiError): void {
  expect(error).toBeInstanceOf(OneError);
  expect(error).toBeInstanceOf(ApiError);
  for (const Other of KINDS)
    expect(error instanceof Other, `${(error as Error).name} vs ${Other.name}`).toBe(Other === Kind);
}

describe("oned's codes", () => {
  it.each([
    [0x100, OneAuthenticationError, AuthError],
    [0x200, OneAuthorizationError, PermissionError],
    [0x400, OneNoExistsError, NotFoundError],
    [0x800, OneActionError, ConflictError],
    [0x1000, OneApiError, BadRequestError],
    [0x2000, OneInternalError, ApiError],
    [0x4000, OneAllocateError, ApiError],
    [0x8000, OneLockedError, ConflictError],
    [0x10000, OneReplicationError, ApiError],
    [0x20000, OneError, ApiError],
  ] as const)('code 0x%s is its class, a OneError, and its kind', async (code, ErrorClass, Kind) => {
    const message = `[one.vm.action] failed with ${code}`;
    answering(200, encodeMethodResponse([false, message, code, -1, 0n]));
    const error = await failure((one) => one.vm.action('terminate', 0));
    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as Error).constructor).toBe(ErrorClass);
    expect((error as Error).name).toBe(ErrorClass.name);
    expectKind(error, Kind);
    expect(error).toMatchObject({
      code,
      serverMessage: message,
      method: 'one.vm.action',
      httpMethod: 'POST',
      status: 200,
      url,
      message: `one.vm.action failed (code 0x${code.toString(16)}): ${message}`,
    });
  });

  it('keeps the code typed as a number on the classes of the codes', () => {
    const error = new OneNoExistsError('x', { code: 0x400, serverMessage: 'x', method: 'one.vm.info' });
    const code: number = error.code;
    expect(code.toString(16)).toBe('400');
  });
});

describe('XML-RPC faults', () => {
  it('are OneFaultErrors: a OneError and a BadRequestError with the server text', async () => {
    answering(200, encodeFault(-501, 'Type mismatch: expected an integer'));
    const error = await failure((one) => one.vm.info(1));
    expect(error).toBeInstanceOf(OneFaultError);
    expectKind(error, BadRequestError);
    expect(error).toMatchObject({
      code: -501,
      serverMessage: 'Type mismatch: expected an integer',
      method: 'one.vm.info',
      httpMethod: 'POST',
      url,
      status: 200,
    });
    expect((error as Error).message).toBe(
      'one.vm.info: XML-RPC fault -501: Type mismatch: expected an integer',
    );
  });
});

describe('HTTP answers other than 200', () => {
  it.each([
    [401, OneHttpAuthError, AuthError],
    [403, OneHttpPermissionError, PermissionError],
    [404, OneHttpNotFoundError, NotFoundError],
    [409, OneHttpConflictError, ConflictError],
    [429, OneHttpRateLimitError, RateLimitError],
    [400, OneHttpBadRequestError, BadRequestError],
    [500, OneError, ApiError],
    [502, OneError, ApiError],
  ] as const)('HTTP %s is a OneError of the status kind', async (status, ErrorClass, Kind) => {
    answering(status, `<html><body>status ${status}</body></html>`, { 'content-type': 'text/html' });
    const error = await failure((one) => one.vm.info(1));
    expect((error as Error).constructor).toBe(ErrorClass);
    expectKind(error, Kind);
    expect(error).toMatchObject({
      status,
      method: 'one.vm.info',
      httpMethod: 'POST',
      url,
      code: undefined,
      serverMessage: `<html><body>status ${status}</body></html>`,
      body: `<html><body>status ${status}</body></html>`,
    });
    expect((error as Error).message).toBe(
      `one.vm.info: POST ${url} answered HTTP ${status}: <html><body>status ${status}</body></html>`,
    );
  });

  it('a redirect is an error naming its Location, never followed', async () => {
    answering(301, '', { location: 'https://one.example.com/RPC2' });
    const error = await failure((one) => one.system.version());
    expect(error).toBeInstanceOf(OneError);
    expect(error).toMatchObject({ status: 301, location: 'https://one.example.com/RPC2' });
    expect((error as Error).message).toMatch(
      /one.system.version: POST http:\/\/127.0.0.1:\d+\/RPC2 answered 301 redirecting to https:\/\/one.example.com\/RPC2; redirects are not followed/,
    );
    answering(307, '');
    expect(((await failure((one) => one.system.version())) as Error).message).toMatch(
      /307 redirecting to \(no Location\)/,
    );
  });

  it('an error body that is not UTF-8 still gives the HTTP error, without the body', async () => {
    answering(500, Buffer.from([0x3c, 0xff, 0xfe, 0x3e]));
    const error = await failure((one) => one.system.version());
    expect(error).toBeInstanceOf(OneError);
    expect(error).toMatchObject({ status: 500, body: undefined });
  });
});

describe('bodies that are not UTF-8', () => {
  it('are a DecodeError naming the offset', async () => {
    const good = encodeMethodResponse([true, '<VM><ID>1</ID><NAME>café</NAME></VM>', 0]);
    const bytes = Buffer.from(good, 'utf8');
    // Latin-1 "é" where UTF-8 was promised.
    const bad = Buffer.concat([
      bytes.subarray(0, bytes.indexOf('é')),
      Buffer.from([0xe9]),
      bytes.subarray(bytes.indexOf('é') + 2),
    ]);
    answering(200, bad);
    const error = await failure((one) => one.vm.info(1));
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as Error).message).toMatch(/is not valid UTF-8 \(first bad byte at offset \d+\)/);
    answering(200, bytes);
    const one = new OneServer(url, { session: SESSION });
    expect((await one.vm.info(1)).NAME).toBe('café');
    await one.close();
  });
});
