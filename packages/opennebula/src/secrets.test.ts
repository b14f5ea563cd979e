/**
 * The session and the user info of the endpoint never reach a person through an error, whatever a
 * hostile server sends back: every view of every error (message, stack, String, JSON, inspect
 * with hidden properties at any depth, down the cause chain) is scanned.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorViews } from '@overcast/runtime/error-views';
import { AuthError, ParameterError } from '@overcast/runtime/errors';
import { REDACTED, scrubSecrets } from '@overcast/runtime/secrets';
import { encodeFault, encodeMethodResponse } from '@overcast/runtime/xmlrpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OneServer } from './client.js';
import { OneError } from './errors.js';

const SESSION = 'oneadmin:Hostile-Session-Pa55';
const USER = 'proxy-user';
const PASSWORD = 'pr0xy&p@ss:word';
/** Every form a secret could leak in: as is, and the Basic header's base64 of the user info. */
const LEAKS = [
  SESSION,
  'Hostile-Session-Pa55',
  PASSWORD,
  encodeURIComponent(PASSWORD),
  Buffer.from(`${USER}:${PASSWORD}`).toString('base64'),
];

interface Received {
  headers: IncomingMessage['headers'];
  url: string;
  body: string;
}

let reply: (received: Received, response: ServerResponse) => void;
const received: Received[] = [];
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const got = {
        headers: request.headers,
        url: request.url ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(got);
      reply(got, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function endpoint(): string {
  return `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/RPC2`;
}

function expectNoSecret(error: unknown): void {
  expect(error).toBeInstanceOf(Error);
  for (const view of errorViews(error)) {
    for (const leak of LEAKS) expect(view).not.toContain(leak);
  }
}

async function failure(one: OneServer, call: (one: OneServer) => Promise<unknown>): Promise<unknown> {
  return call(one).then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

/** Everything the request carried, back in the answer: its body, and its headers. */
function echo(received: Received): string {
  return `${received.body}\n${JSON.stringify(received.headers)}`;
}

describe('user info in the endpoint URL', () => {
  it('is sent as HTTP Basic, as Python’s xmlrpc.client sends it, and left out of the URL', async () => {
    reply = (_got, response) => response.writeHead(200).end(encodeMethodResponse([true, '7.5.80', 0]));
    const one = new OneServer(endpoint(), { session: SESSION });
    expect(one.uri).toBe(`http://127.0.0.1:${port}/RPC2`);
    expect(await one.system.version()).toBe('7.5.80');
    const got = received.at(-1);
    expect(got?.headers.authorization).toBe(`Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`);
    expect(got?.url).toBe('/RPC2');
    expect(got?.body).toContain(`<string>${SESSION}</string>`);
    await one.close();
  });

  it('a user alone is sent alone, as Python does', async () => {
    reply = (_got, response) => response.writeHead(200).end(encodeMethodResponse([true, '7.5.80', 0]));
    const one = new OneServer(`http://tokenuser@127.0.0.1:${port}/RPC2`, { session: SESSION });
    await one.system.version();
    expect(received.at(-1)?.headers.authorization).toBe(
      `Basic ${Buffer.from('tokenuser').toString('base64')}`,
    );
    await one.close();
  });

  it('is never shown when the URL is refused', () => {
    const error = (() => {
      try {
        new OneServer(`ftp://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1/RPC2`, { session: SESSION });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ParameterError);
    expectNoSecret(error);
    const unparsable = (() => {
      try {
        new OneServer(`http://${USER}:${PASSWORD}@[bad/RPC2`, { session: SESSION });
      } catch (caught) {
        return caught;
      }
    })();
    expect(unparsable).toBeInstanceOf(ParameterError);
    expectNoSecret(unparsable);
  });

  it('a 401 for a wrong password is an AuthError that shows neither the password nor the session', async () => {
    reply = (got, response) => response.writeHead(401, { 'www-authenticate': 'Basic' }).end(echo(got));
    const one = new OneServer(endpoint(), { session: SESSION });
    const error = await failure(one, (o) => o.vm.info(1));
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toBeInstanceOf(OneError);
    expect((error as OneError).body).toContain(REDACTED);
    expectNoSecret(error);
    await one.close();
  });
});

describe('hostile servers', () => {
  it.each([401, 500, 200])('echoing the request (session, Basic header) in a %s body', async (status) => {
    reply = (got, response) => response.writeHead(status, { 'content-type': 'text/xml' }).end(echo(got));
    const one = new OneServer(endpoint(), { session: SESSION });
    const error = await failure(one, (o) => o.vm.info(1));
    expectNoSecret(error);
    await one.close();
  });

  it('echoing the request inside a well-formed answer that is not what the method returns', async () => {
    reply = (got, response) => response.writeHead(200).end(encodeMethodResponse([true, echo(got), 0]));
    const one = new OneServer(endpoint(), { session: SESSION });
    const error = await failure(one, (o) => o.vm.info(1));
    expectNoSecret(error);
    await one.close();
  });

  it.each([
    ['text where a document goes', `${SESSION} ${PASSWORD}`],
    ['a document whose integer is the session', `<VM><ID>${SESSION}</ID></VM>`],
  ])('quoting the session as %s, which a DecodeError quotes back', async (_what, value) => {
    reply = (_got, response) => response.writeHead(200).end(encodeMethodResponse([true, value, 0]));
    const one = new OneServer(endpoint(), { session: SESSION });
    const error = await failure(one, (o) => o.vm.info(1));
    expect((error as Error).message).toContain(REDACTED);
    expectNoSecret(error);
    await one.close();
  });

  it('quoting the session in a <fault> faultString', async () => {
    reply = (got, response) =>
      response
        .writeHead(200)
        .end(encodeFault(-501, `bad call from ${SESSION} (password ${SESSION.split(':')[1]}): ${echo(got)}`));
    const one = new OneServer(endpoint(), { session: SESSION });
    const error = await failure(one, (o) => o.vm.info(1));
    expect(error).toBeInstanceOf(OneError);
    expect((error as OneError).serverMessage).toContain(`bad call from ${REDACTED} (password ${REDACTED})`);
    expectNoSecret(error);
    await one.close();
  });

  it('quoting the session in a [false, message, code] answer', async () => {
    reply = (got, response) =>
      response
        .writeHead(200)
        .end(
          encodeMethodResponse([
            false,
            `User ${SESSION} couldn't be authenticated ${echo(got)}`,
            0x100,
            -1,
            0n,
          ]),
        );
    const one = new OneServer(endpoint(), { session: SESSION });
    const error = await failure(one, (o) => o.user.info(0));
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toContain(`User ${REDACTED} couldn't`);
    expectNoSecret(error);
    await one.close();
  });

  it('quoting the session XML-escaped or percent-encoded', async () => {
    const escaped = [...SESSION].map((c) => `&#${c.codePointAt(0)};`).join('');
    reply = (_got, response) =>
      response
        .writeHead(500)
        .end(`${escaped} ${encodeURIComponent(SESSION)} ${encodeURIComponent(PASSWORD)}`);
    const one = new OneServer(endpoint(), { session: SESSION });
    const error = await failure(one, (o) => o.vm.info(1));
    expectNoSecret(error);
    expect(errorViews(error).join('\n')).not.toContain(escaped);
    await one.close();
  });
});

describe('close()', () => {
  it('forgets the secrets the client registered', async () => {
    const session = 'oneadmin:forgotten-after-close';
    const text = `${session} forgotten-after-close someone:only-while-open only-while-open`;
    const one = new OneServer(`http://someone:only-while-open@127.0.0.1:${port}/RPC2`, { session });
    expect(scrubSecrets(text)).toBe(`${REDACTED} ${REDACTED} ${REDACTED} ${REDACTED}`);
    await one.close();
    expect(scrubSecrets(text)).toBe(text);
  });
});
