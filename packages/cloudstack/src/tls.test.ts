/**
 * `verify`, `cert` and `certKey` reach the TLS connection: the CloudStack simulator behind a TLS
 * front (node:tls piping each connection to it), with a test CA that signed the server's and the
 * client's certificates, made with the openssl command line in a temporary directory.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type TLSSocket, type TlsOptions } from 'node:tls';
import { inspect } from 'node:util';
import { ConnectionError } from '@overcast/runtime';
import { type RunningCloudStackSimulator, startCloudStackSimulator } from '@overcast/simulators';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CloudStack, type CloudStackOptions } from './client.js';
import { readConfig } from './config.js';

interface Pem {
  /** Paths of the certificate and key files. */
  cert: string;
  key: string;
}

interface TlsFront {
  endpoint: string;
  /** The common names of the client certificates the front accepted, one per connection. */
  clients: string[];
  close(): Promise<void>;
}

let dir: string;
let ca: Pem;
let server: Pem;
let user: Pem;
let sim: RunningCloudStackSimulator;
const fronts: TlsFront[] = [];
const clients: CloudStack[] = [];

/** Runs openssl, failing with a message that says the tests need it. */
function openssl(...args: string[]): void {
  try {
    execFileSync('openssl', args, { stdio: 'pipe' });
  } catch (cause) {
    throw new Error(`the TLS tests need the openssl command line tool (openssl ${args[0]} failed)`, {
      cause,
    });
  }
}

/** A P-256 key and a certificate for `subject`, self-signed or signed by `issuer`. */
function certificate(name: string, subject: string, extensions: string[], issuer?: Pem): Pem {
  const pem = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
  openssl(
    'req',
    ...['-config', join(dir, 'openssl.cnf'), '-x509', '-nodes', '-days', '2', '-subj', subject],
    ...['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-keyout', pem.key, '-out', pem.cert],
    ...(issuer === undefined ? [] : ['-CA', issuer.cert, '-CAkey', issuer.key]),
    ...extensions.flatMap((extension) => ['-addext', extension]),
  );
  return pem;
}

/** A TLS server on 127.0.0.1 that pipes each accepted connection to the simulator. */
async function tlsFront(options: TlsOptions = {}): Promise<TlsFront> {
  const accepted: string[] = [];
  const sockets = new Set<Socket>();
  const front = createServer(
    { cert: readFileSync(server.cert), key: readFileSync(server.key), ...options },
    (socket: TLSSocket) => {
      const name = socket.getPeerCertificate().subject?.CN;
      if (name !== undefined) accepted.push(String(name));
      const upstream = connect(sim.port, '127.0.0.1');
      for (const end of [socket, upstream]) {
        sockets.add(end);
        end.on('close', () => sockets.delete(end));
        end.on('error', () => {
          socket.destroy();
          upstream.destroy();
        });
      }
      socket.pipe(upstream).pipe(socket);
    },
  );
  front.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const { port } = front.address() as { port: number };
  const running: TlsFront = {
    endpoint: `https://127.0.0.1:${port}/client/api`,
    clients: accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        front.close(() => resolve());
      }),
  };
  fronts.push(running);
  return running;
}

/** A client of `front` with the simulator's account and `options`; closed after the test. */
function client(front: TlsFront, options: Partial<CloudStackOptions> = {}): CloudStack {
  const made = new CloudStack({
    endpoint: front.endpoint,
    key: sim.account.apiKey,
    secret: sim.account.secret,
    ...options,
  });
  clients.push(made);
  return made;
}

/** A client certificate is asked for and must be signed by the test CA. */
const MUTUAL: TlsOptions = { requestCert: true, rejectUnauthorized: true };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cs-tls-'));
  // A minimal config, so that the system's openssl.cnf adds no extensions of its own.
  writeFileSync(join(dir, 'openssl.cnf'), '[req]\ndistinguished_name = dn\n[dn]\n');
  ca = certificate('ca', '/CN=Overcast test CA', [
    'basicConstraints=critical,CA:TRUE',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  server = certificate(
    'server',
    '/CN=127.0.0.1',
    ['basicConstraints=CA:FALSE', 'subjectAltName=IP:127.0.0.1', 'extendedKeyUsage=serverAuth'],
    ca,
  );
  user = certificate(
    'client',
    '/CN=cs-test-client',
    ['basicConstraints=CA:FALSE', 'extendedKeyUsage=clientAuth'],
    ca,
  );
  sim = await startCloudStackSimulator();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((made) => made.close()));
  await Promise.all(fronts.splice(0).map((front) => front.close()));
});

afterAll(async () => {
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function failure(call: Promise<unknown>): Promise<Error> {
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof Error)) throw new Error('the call was expected to fail, and succeeded');
  return error;
}

describe('CloudStack over TLS', () => {
  it('refuses a server its CA does not know, by default, with a ConnectionError naming no secret', async () => {
    const front = await tlsFront();
    const error = await failure(client(front).listZones());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/^TLS connection to 127\.0\.0\.1:\d+ failed: .*certificate/i);
    // Nor its cause, stack or properties: neither credential, nor any signature.
    const everything = inspect(error, { depth: 10 });
    expect(everything).not.toContain(sim.account.apiKey);
    expect(everything).not.toContain(sim.account.secret);
    expect(everything).not.toMatch(/signature=(?!\[REDACTED\])/);
    expect(front.clients).toEqual([]);
  });

  it('trusts the CA file given as verify, and only that one', async () => {
    const front = await tlsFront();
    const answer = await client(front, { verify: ca.cert }).listZones();
    expect(answer.zone?.[0]?.name).toBe('Sandbox-simulator');
    // The client's certificate did not sign the server's: verification still fails with it.
    const wrongCa = await failure(client(front, { verify: user.cert }).listZones());
    expect(wrongCa).toBeInstanceOf(ConnectionError);
    expect(wrongCa.message).toMatch(/certificate/i);
  });

  it('does not verify with verify: false', async () => {
    const front = await tlsFront();
    const answer = await client(front, { verify: false }).listZones();
    expect(answer.zone?.[0]?.name).toBe('Sandbox-simulator');
  });

  it('presents the client certificate from files or PEM text, and fails without it', async () => {
    const front = await tlsFront({ ...MUTUAL, ca: readFileSync(ca.cert) });
    const fromFiles = await client(front, {
      verify: ca.cert,
      cert: user.cert,
      certKey: user.key,
    }).listZones();
    expect(fromFiles.count).toBe(1);
    const fromText = await client(front, {
      verify: ca.cert,
      cert: readFileSync(user.cert, 'utf8'),
      certKey: readFileSync(user.key, 'utf8'),
    }).listZones();
    expect(fromText.count).toBe(1);
    // The key in the certificate's own file: no certKey needed.
    const combined = join(dir, 'client-combined.pem');
    writeFileSync(combined, readFileSync(user.cert, 'utf8') + readFileSync(user.key, 'utf8'));
    expect((await client(front, { verify: ca.cert, cert: combined }).listZones()).count).toBe(1);
    expect(front.clients).toEqual(['cs-test-client', 'cs-test-client', 'cs-test-client']);

    const without = await failure(client(front, { verify: ca.cert }).listZones());
    expect(without).toBeInstanceOf(ConnectionError);
    expect(inspect(without, { depth: 10 })).not.toContain(sim.account.secret);
    expect(front.clients).toHaveLength(3);
  });

  it('takes verify, cert and cert_key from an ini file through readConfig', async () => {
    const mutual = await tlsFront({ ...MUTUAL, ca: readFileSync(ca.cert) });
    const plain = await tlsFront();
    const home = join(dir, 'home');
    mkdirSync(home, { recursive: true });
    const credentials = `key = ${sim.account.apiKey}\nsecret = ${sim.account.secret}\n`;
    writeFileSync(
      join(home, '.cloudstack.ini'),
      `[cloudstack]\nendpoint = ${mutual.endpoint}\n${credentials}` +
        `verify = ${ca.cert}\ncert = ${user.cert}\ncert_key = ${user.key}\n\n` +
        `[lab]\nendpoint = ${plain.endpoint}\n${credentials}dangerous_no_tls_verify = true\n`,
    );
    const read = (region: string) => readConfig({ region, env: {}, home, cwd: home });
    const config = await read('cloudstack');
    expect(config).toMatchObject({ verify: ca.cert, cert: user.cert, certKey: user.key });
    const mutualClient = new CloudStack(config);
    clients.push(mutualClient);
    expect((await mutualClient.listZones()).count).toBe(1);
    expect(mutual.clients).toEqual(['cs-test-client']);

    const lab = new CloudStack(await read('lab'));
    clients.push(lab);
    expect((await lab.listZones()).count).toBe(1);
  });
});
