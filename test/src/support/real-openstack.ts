/**
 * Real OpenStack services for interop tests: Debian's Keystone (22, "Zed") and Glance (25), run on
 * 127.0.0.1 with sqlite and throwaway configuration, no systemd, no database server, no message
 * queue (the recipe of `../shared/design/research/openstack-real-services.md`).
 *
 * ```ts
 * const { keystone, glance } = await startOpenStack();   // both, set up side by side (fastest)
 * const keystone = await startKeystone();                 // or one at a time
 * const glance = await startGlance(keystone);
 * // clouds.yaml settings: keystone.authUrl, adminUsername, adminPassword, adminProjectName,
 * // userDomainName, projectDomainName, region (or keystone.cloudConfig()); Glance's endpoints
 * // (public, internal, admin) are in Keystone's catalog under `image`.
 * await glance.stop(); await keystone.stop();
 * ```
 *
 * Every service gets its own temporary directory (configuration, sqlite database, keys, logs) and
 * its own free port; `stop()` kills the service's processes and removes the directory, and so
 * does a watchdog if the test process dies without calling it. A service that does not start
 * fails with the reason and the tail of its logs: never a hang, never a skip (the Debian packages
 * come from `npm run setup:system`).
 *
 * Speed (2 cores; about 2.5 s for Keystone, 4.5 s for both): `keystone-manage db_sync` and
 * `bootstrap` run in one Python process (most of each command is importing Keystone),
 * `fernet_setup`/`credential_setup` are replaced by writing the two Fernet keys each writes,
 * bcrypt uses 4 rounds, and `keystone-wsgi-public` starts while the database is being made (it
 * opens it on the first request). Under {@link startOpenStack}, Glance's `db_sync` and
 * `glance-api` start at the same time as Keystone's setup.
 *
 * Traps met: sqlite's default journal makes Keystone's second catalog write in a row fail with
 * "database is locked" (the database is switched to WAL); without `interface = public` Glance's
 * auth middleware looks for an internal identity endpoint; argparse takes a password starting with
 * `-` for an option; glance-api puts itself and its worker in a process group of its own; the
 * `python3` on PATH need not be Debian's (absolute `/usr/bin` paths are used).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// ---------------------------------------------------------------------------------------------
// Public shapes

export interface StartOptions {
  /** How long the service may take to be set up and answer (default 90 s: CI machines are busy). */
  timeoutMs?: number;
  /** The port to listen on (127.0.0.1); default: a free one. */
  port?: number;
}

export interface KeystoneOptions extends StartOptions {
  /**
   * Keystone's `insecure_debug`: 401 bodies then say why (`Invalid EC2 signature.`,
   * `Credential is expired`); for tests that assert the reason.
   */
  insecureDebug?: boolean;
}

/** A JSON answer from a service. */
export interface JsonResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON (undefined when empty). */
  // biome-ignore lint/suspicious/noExplicitAny: JSON read field by field by the tests
  body: any;
}

export interface RequestOptions {
  /** `X-Auth-Token`; default: the admin's project-scoped token. `null` sends none. */
  token?: string | null;
  /** A JSON body. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A running Keystone (identity v3), bootstrapped with one admin in one project. */
export interface KeystoneService {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The identity endpoint as clouds.yaml's `auth_url` takes it: `http://127.0.0.1:<port>/v3`. */
  readonly authUrl: string;
  readonly port: number;
  /** The bootstrap region (`RegionOne`), every endpoint's region. */
  readonly region: string;
  readonly adminUsername: string;
  readonly adminPassword: string;
  readonly adminProjectName: string;
  /** `Default` (the domain's name; its id is {@link domainId}). */
  readonly userDomainName: string;
  readonly projectDomainName: string;
  /** `default` */
  readonly domainId: string;
  readonly adminUserId: string;
  /** The admin project's id. */
  readonly projectId: string;
  /** The admin's project-scoped token (issued at start; valid for an hour). */
  readonly adminToken: string;
  /** openstacksdk's `clouds.yaml` entry for the admin (`{ auth: {…}, region_name, interface, identity_api_version }`). */
  cloudConfig(): Record<string, unknown>;
  /** A JSON call to Keystone, e.g. `request('GET', '/v3/projects')`. */
  request(method: string, path: string, options?: RequestOptions): Promise<JsonResponse>;
  /** The temporary directory (configuration, database, keys, logs), removed by stop(). */
  readonly dir: string;
  /** The last lines of Keystone's log and console output. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

/** A running Glance (image v2) behind a {@link KeystoneService}, registered in its catalog. */
export interface GlanceService {
  /** `http://127.0.0.1:<port>`: the `image` service's public endpoint in Keystone's catalog. */
  readonly url: string;
  readonly port: number;
  readonly keystone: KeystoneService;
  /** The `image` service's id in Keystone. */
  readonly serviceId: string;
  /** The temporary directory (configuration, database, image data, logs), removed by stop(). */
  readonly dir: string;
  /** Where the `file` store keeps image data. */
  readonly imagesDir: string;
  /** A JSON call to Glance with the admin's token, e.g. `request('GET', '/v2/images')`. */
  request(method: string, path: string, options?: RequestOptions): Promise<JsonResponse>;
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

export interface OpenStackServices {
  keystone: KeystoneService;
  glance: GlanceService;
  /** Stops Glance then Keystone. */
  stop(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Constants

const REGION = 'RegionOne';
const ADMIN = 'admin';
const DEFAULT_DOMAIN_NAME = 'Default';
const DEFAULT_DOMAIN_ID = 'default';
const DEFAULT_TIMEOUT_MS = 90_000;
const PYTHON = '/usr/bin/python3';
const KEYSTONE_WSGI = '/usr/bin/keystone-wsgi-public';
const GLANCE_MANAGE = '/usr/bin/glance-manage';
const GLANCE_API = '/usr/bin/glance-api';
const GLANCE_PASTE = '/etc/glance/glance-api-paste.ini';
const SETUP_HINT =
  'the real OpenStack services come from Debian packages: run `npm run setup:system` ' +
  '(python3-keystone python3-glance glance-api python3-openstackclient)';

/**
 * `keystone-manage db_sync` then `keystone-manage bootstrap …` in one Python process: the same
 * code the two commands run (`upgrades.offline_sync_database_to_version`, then the bootstrap
 * command's `main`), importing Keystone once instead of twice.
 */
const KEYSTONE_SETUP_PY = `import sqlite3
import sys

from keystone.cmd import cli
from keystone.common.sql import upgrades

bootstrap = cli.BootStrap.main


def db_sync_then_bootstrap():
    # Write-ahead logging. In sqlite's default journal mode a catalog write (region, endpoint) made
    # right after another waits 5 s then fails with HTTP 500 "database is locked": a connection
    # of the server still holds a read lock. In WAL mode readers never block the writer.
    database = sqlite3.connect(cli.CONF.database.connection[len('sqlite:///'):])
    database.execute('PRAGMA journal_mode=WAL')
    database.close()
    upgrades.offline_sync_database_to_version(None)
    bootstrap()


cli.BootStrap.main = staticmethod(db_sync_then_bootstrap)
cli.main(argv=sys.argv)
`;

// ---------------------------------------------------------------------------------------------
// Processes and clean-up

/** Everything to undo if the test process exits without calling stop(). */
const live = new Set<{ pgid: number | undefined; dir: string }>();
let exitHookInstalled = false;

function track(dir: string): { pgid: number | undefined; dir: string } {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const entry of live) {
        if (entry.pgid !== undefined) killGroup(entry.pgid, 'SIGKILL');
        if (!keepDirs()) rmSync(entry.dir, { recursive: true, force: true });
      }
    });
  }
  const entry = { pgid: undefined as number | undefined, dir };
  live.add(entry);
  return entry;
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

/** The environment every OpenStack process gets: nothing of the caller's (no OS_*, no proxies). */
function serviceEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: home,
    TMPDIR: home,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
  };
}

/** The last `lines` lines of a file ('' when it does not exist). */
function tailOf(file: string, lines: number): string {
  if (!existsSync(file)) return '';
  const text = readFileSync(file, 'latin1');
  const all = text.split('\n');
  if (all.at(-1) === '') all.pop();
  return all.slice(-lines).join('\n');
}

function logsTail(files: readonly string[], lines: number): string {
  const parts: string[] = [];
  for (const file of files) {
    const tail = tailOf(file, lines);
    if (tail !== '') parts.push(`--- last lines of ${file} ---\n${tail}`);
  }
  return parts.length === 0 ? '(no log output)' : parts.join('\n');
}

/**
 * Runs the service (`"$@"`) in the background and waits for it, exiting with its status. A second
 * background job reads the pipe from the test process; at its end — stop(), or the test process
 * gone, even killed with SIGKILL — it kills the service's own process group (glance-api makes one
 * for itself and its workers), removes the service's directory (unless kept), and kills this
 * group. So no service outlives its test.
 */
const WATCHDOG = `exec 3<&0
"$@" </dev/null 3<&- &
service=$!
{
  read -r _ <&3
  kill -KILL "-$service" 2>/dev/null
  kill -KILL "$service" 2>/dev/null
  [ -n "$OVERCAST_SERVICE_DIR" ] && rm -rf -- "$OVERCAST_SERVICE_DIR"
  kill -KILL 0
} &
wait "$service"`;

/**
 * A long-running service in its own process group, under {@link WATCHDOG}, its output into a
 * file (never a pipe that could fill).
 */
class ServiceProcess {
  readonly child: ChildProcess;
  /** Set once the process has exited. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly exited: Promise<void>;
  private readonly entry: { pgid: number | undefined; dir: string };

  constructor(
    readonly name: string,
    file: string,
    args: readonly string[],
    dir: string,
    consoleLog: string,
    entry: { pgid: number | undefined; dir: string },
  ) {
    const out = openSync(consoleLog, 'a');
    try {
      this.child = spawn('/bin/sh', ['-c', WATCHDOG, name, file, ...args], {
        cwd: dir,
        env: { ...serviceEnv(dir), ...(keepDirs() ? {} : { OVERCAST_SERVICE_DIR: dir }) },
        detached: true,
        stdio: ['pipe', out, out],
      });
    } finally {
      closeSync(out);
    }
    // Never written to: its end of file is the signal.
    this.child.stdin?.on('error', () => {});
    this.entry = entry;
    entry.pgid = this.child.pid;
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve();
      });
      this.child.once('error', (error) => {
        this.exit = { code: null, signal: null };
        writeFileSync(consoleLog, `\ncould not run ${file}: ${error.message}\n`, { flag: 'a' });
        resolve();
      });
    });
  }

  describeExit(): string {
    if (this.exit === undefined) return 'still running';
    return this.exit.signal !== null ? `killed by ${this.exit.signal}` : `exited with code ${this.exit.code}`;
  }

  /**
   * Closes the watchdog's pipe (it kills the service's group and its own), then SIGKILL to the
   * group after 5 s if the watchdog did not end. A throwaway service needs no graceful shutdown.
   */
  async stop(): Promise<void> {
    const pgid = this.child.pid;
    if (pgid === undefined) return;
    this.child.stdin?.destroy();
    if (this.exit === undefined) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(resolve, 5_000, 'late');
      });
      if ((await Promise.race([this.exited, late])) === 'late') killGroup(pgid, 'SIGKILL');
      clearTimeout(timer);
      await this.exited;
    }
    this.entry.pgid = undefined;
  }
}

/**
 * Runs a setup command to completion; an error names the command and shows its output's tail.
 * `signal` kills it (a service whose start failed elsewhere).
 */
function runTool(
  what: string,
  file: string,
  args: readonly string[],
  dir: string,
  outputFile: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        cwd: dir,
        env: serviceEnv(dir),
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 16 << 20,
        signal,
      },
      (error, stdout, stderr) => {
        try {
          writeFileSync(outputFile, `${stdout}${stderr}`, { flag: 'a' });
        } catch {
          // The directory is gone: the start was abandoned.
        }
        if (error === null) {
          resolve();
          return;
        }
        const reason = signal.aborted
          ? 'was abandoned'
          : (error as { killed?: boolean }).killed === true
            ? `did not finish within ${timeoutMs} ms`
            : `failed (${error.message.split('\n')[0]})`;
        reject(new Error(`${what} ${reason}\n${logsTail([outputFile], 40)}`));
      },
    );
  });
}

/** Rejects, with the logs' tail, when `service` exits (for racing against a setup step). */
function failOnExit(service: ServiceProcess, what: string, logs: readonly string[]): Promise<never> {
  return service.exited.then(() => {
    throw new Error(`${what}: ${service.name} ${service.describeExit()}\n${logsTail(logs, 40)}`);
  });
}

/**
 * A port free on 127.0.0.1, taken outside Linux's ephemeral range (32768–60999) so that no
 * outgoing connection or `listen(0)` of a parallel test can take it between this check and the
 * service binding it.
 */
async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = randomInt(20_000, 32_768);
    if (await canBind(port)) return port;
  }
  throw new Error('no free port found on 127.0.0.1 between 20000 and 32767 after 50 attempts');
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits (at most 5 s) until nothing accepts connections on 127.0.0.1:port: a killed process closes
 * its sockets a moment after its parent saw it go, and glance-api's worker holds the socket too.
 */
async function portClosed(port: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (!open) return;
    await sleep(50);
  }
}

/**
 * Polls `probe` every 100 ms until it returns true; fails as soon as the process exits, or at the
 * deadline, with the logs' tail.
 */
async function waitUntilAnswers(
  service: ServiceProcess,
  what: string,
  probe: () => Promise<boolean>,
  deadline: number,
  logs: readonly string[],
): Promise<void> {
  let lastError = '';
  for (;;) {
    if (service.exit !== undefined) {
      throw new Error(`${what}: ${service.name} ${service.describeExit()}\n${logsTail(logs, 40)}`);
    }
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = (error as Error).message;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what}: ${service.name} did not answer in time${lastError === '' ? '' : ` (last: ${lastError})`}\n` +
          logsTail(logs, 40),
      );
    }
    await sleep(100);
  }
}

async function jsonRequest(
  base: string,
  method: string,
  path: string,
  token: string | null,
  options: RequestOptions = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const chosen = options.token === undefined ? token : options.token;
  if (chosen !== null) headers['X-Auth-Token'] = chosen;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(base + path, {
    method,
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let parsed: unknown;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

function requireInstalled(files: readonly string[]): void {
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}: ${SETUP_HINT}`);
}

/** Fernet keys as `keystone-manage fernet_setup`/`credential_setup` write them: `0` staged, `1` primary. */
function writeFernetRepository(dir: string): void {
  mkdirSync(dir, { mode: 0o700 });
  for (const name of ['0', '1']) {
    writeFileSync(join(dir, name), randomBytes(32).toString('base64url') + '=', { mode: 0o600 });
  }
}

function ini(sections: Record<string, Record<string, string | number | boolean>>): string {
  let text = '';
  for (const [section, values] of Object.entries(sections)) {
    text += `[${section}]\n`;
    for (const [key, value] of Object.entries(values)) text += `${key} = ${value}\n`;
    text += '\n';
  }
  return text;
}

/** `OVERCAST_KEEP_OPENSTACK=1` keeps the services' directories (configuration, logs) for debugging. */
function keepDirs(): boolean {
  return process.env['OVERCAST_KEEP_OPENSTACK'] === '1';
}

// ---------------------------------------------------------------------------------------------
// Keystone

interface KeystonePlan {
  port: number;
  adminPassword: string;
  url: string;
  authUrl: string;
}

async function planKeystone(options: StartOptions): Promise<KeystonePlan> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  return { port, adminPassword: `pw-${randomBytes(16).toString('hex')}`, url, authUrl: `${url}/v3` };
}

async function launchKeystone(plan: KeystonePlan, options: KeystoneOptions): Promise<KeystoneService> {
  requireInstalled([PYTHON, KEYSTONE_WSGI]);
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const dir = mkdtempSync(join(tmpdir(), 'overcast-keystone-'));
  const entry = track(dir);
  const conf = join(dir, 'keystone.conf');
  const log = join(dir, 'keystone.log');
  const consoleLog = join(dir, 'keystone-wsgi.out');
  const setupLog = join(dir, 'keystone-setup.out');
  const logs = [setupLog, log, consoleLog];
  let server: ServiceProcess | undefined;
  const abandon = new AbortController();
  let answered = false;
  const cleanUp = async () => {
    abandon.abort();
    await server?.stop();
    if (answered) await portClosed(plan.port);
    live.delete(entry);
    if (!keepDirs()) rmSync(dir, { recursive: true, force: true });
  };
  try {
    writeFileSync(
      conf,
      ini({
        DEFAULT: { log_file: log, insecure_debug: options.insecureDebug === true },
        database: { connection: `sqlite:///${join(dir, 'keystone.db')}` },
        token: { provider: 'fernet' },
        fernet_tokens: { key_repository: join(dir, 'fernet-keys') },
        credential: { key_repository: join(dir, 'credential-keys') },
        // bcrypt's least cost: the tests authenticate many times, and bootstrap hashes once.
        identity: { password_hash_rounds: 4 },
      }),
    );
    writeFernetRepository(join(dir, 'fernet-keys'));
    writeFernetRepository(join(dir, 'credential-keys'));
    writeFileSync(join(dir, 'keystone-setup.py'), KEYSTONE_SETUP_PY);

    // The server imports Keystone while the database is made; it opens it on the first request.
    server = new ServiceProcess(
      'keystone-wsgi-public',
      KEYSTONE_WSGI,
      ['--host', '127.0.0.1', '--port', String(plan.port), '--', '--config-file', conf],
      dir,
      consoleLog,
      entry,
    );
    const running = server;
    const endpoint = `${plan.authUrl}/`;
    const setup = runTool(
      'keystone-manage db_sync + bootstrap',
      PYTHON,
      [
        join(dir, 'keystone-setup.py'),
        '--config-file',
        conf,
        'bootstrap',
        // One argument: argparse would read a value starting with '-' as an option.
        `--bootstrap-password=${plan.adminPassword}`,
        '--bootstrap-username',
        ADMIN,
        '--bootstrap-project-name',
        ADMIN,
        '--bootstrap-role-name',
        ADMIN,
        '--bootstrap-service-name',
        'keystone',
        '--bootstrap-region-id',
        REGION,
        '--bootstrap-admin-url',
        endpoint,
        '--bootstrap-public-url',
        endpoint,
        '--bootstrap-internal-url',
        endpoint,
      ],
      dir,
      setupLog,
      Math.max(1, deadline - Date.now()),
      abandon.signal,
    );
    setup.catch(() => {});
    // A server that cannot start (port taken, broken install) fails now, not after the setup.
    await Promise.race([setup, failOnExit(running, 'Keystone did not start', logs)]);
    await waitUntilAnswers(
      running,
      'Keystone did not start',
      async () => (await fetch(plan.authUrl, { signal: AbortSignal.timeout(5_000) })).status === 200,
      deadline,
      logs,
    );
    const auth = await jsonRequest(plan.url, 'POST', '/v3/auth/tokens', null, {
      body: passwordAuth(ADMIN, plan.adminPassword, ADMIN),
    });
    answered = true;
    const adminToken = auth.headers.get('x-subject-token');
    if (auth.status !== 201 || adminToken === null) {
      throw new Error(
        `Keystone started but the bootstrap admin could not authenticate (HTTP ${auth.status}: ` +
          `${JSON.stringify(auth.body)})\n${logsTail(logs, 40)}`,
      );
    }
    const token = auth.body.token;
    let stopped: Promise<void> | undefined;
    return {
      url: plan.url,
      authUrl: plan.authUrl,
      port: plan.port,
      region: REGION,
      adminUsername: ADMIN,
      adminPassword: plan.adminPassword,
      adminProjectName: ADMIN,
      userDomainName: DEFAULT_DOMAIN_NAME,
      projectDomainName: DEFAULT_DOMAIN_NAME,
      domainId: DEFAULT_DOMAIN_ID,
      adminUserId: token.user.id,
      projectId: token.project.id,
      adminToken,
      dir,
      cloudConfig: () => ({
        auth: {
          auth_url: plan.authUrl,
          username: ADMIN,
          password: plan.adminPassword,
          project_name: ADMIN,
          user_domain_name: DEFAULT_DOMAIN_NAME,
          project_domain_name: DEFAULT_DOMAIN_NAME,
        },
        region_name: REGION,
        interface: 'public',
        identity_api_version: 3,
      }),
      request: (method, path, requestOptions) =>
        jsonRequest(plan.url, method, path, adminToken, requestOptions),
      logTail: (lines = 40) => logsTail(logs, lines),
      stop: () => {
        stopped ??= cleanUp();
        return stopped;
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** The body of `POST /v3/auth/tokens` for a password in the Default domain, project-scoped. */
export function passwordAuth(username: string, password: string, projectName?: string): unknown {
  const auth: Record<string, unknown> = {
    identity: {
      methods: ['password'],
      password: { user: { name: username, domain: { name: DEFAULT_DOMAIN_NAME }, password } },
    },
  };
  if (projectName !== undefined) {
    auth['scope'] = { project: { name: projectName, domain: { name: DEFAULT_DOMAIN_NAME } } };
  }
  return { auth };
}

/**
 * Starts a real Keystone on 127.0.0.1: sqlite database, Fernet tokens and credential keys in a
 * temporary directory, the admin user/project/role and the identity endpoint (public, internal,
 * admin) in `RegionOne` from `keystone-manage bootstrap`, served by `keystone-wsgi-public`.
 * Resolves once the admin has been issued a token.
 */
export async function startKeystone(options: KeystoneOptions = {}): Promise<KeystoneService> {
  return launchKeystone(await planKeystone(options), options);
}

// ---------------------------------------------------------------------------------------------
// Glance

interface GlanceLaunch {
  port: number;
  url: string;
  dir: string;
  imagesDir: string;
  api: ServiceProcess;
  /** db_sync done. */
  synced: Promise<void>;
  logs: string[];
  deadline: number;
  /** Set once glance-api answered: stop() then waits for its port to close. */
  answered: boolean;
  cleanUp: () => Promise<void>;
}

/** Writes Glance's configuration and starts `glance-manage db_sync` and `glance-api` together. */
async function launchGlance(keystone: KeystonePlan, options: StartOptions): Promise<GlanceLaunch> {
  requireInstalled([GLANCE_MANAGE, GLANCE_API, GLANCE_PASTE]);
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'overcast-glance-'));
  const entry = track(dir);
  const conf = join(dir, 'glance-api.conf');
  const log = join(dir, 'glance.log');
  const consoleLog = join(dir, 'glance-api.out');
  const setupLog = join(dir, 'glance-manage.out');
  const imagesDir = join(dir, 'images');
  const logs = [setupLog, log, consoleLog];
  for (const sub of ['images', 'staging', 'tasks', 'locks']) mkdirSync(join(dir, sub));
  writeFileSync(
    conf,
    ini({
      DEFAULT: {
        bind_host: '127.0.0.1',
        bind_port: port,
        log_file: log,
        enabled_backends: 'fs:file',
        workers: 1,
      },
      database: { connection: `sqlite:///${join(dir, 'glance.db')}` },
      glance_store: { default_backend: 'fs' },
      fs: { filesystem_store_datadir: imagesDir },
      // Glance's reserved stores (default: under /var/lib/glance).
      os_glance_staging_store: { filesystem_store_datadir: join(dir, 'staging') },
      os_glance_tasks_store: { filesystem_store_datadir: join(dir, 'tasks') },
      oslo_concurrency: { lock_path: join(dir, 'locks') },
      paste_deploy: { flavor: 'keystone', config_file: GLANCE_PASTE },
      keystone_authtoken: {
        // Without it the middleware looks for an *internal* identity endpoint.
        interface: 'public',
        www_authenticate_uri: keystone.authUrl,
        auth_url: keystone.authUrl,
        auth_type: 'password',
        project_domain_name: DEFAULT_DOMAIN_NAME,
        user_domain_name: DEFAULT_DOMAIN_NAME,
        project_name: ADMIN,
        username: ADMIN,
        password: keystone.adminPassword,
        service_token_roles_required: true,
      },
      oslo_policy: { enforce_new_defaults: false },
    }),
  );
  const api = new ServiceProcess('glance-api', GLANCE_API, ['--config-file', conf], dir, consoleLog, entry);
  const abandon = new AbortController();
  const synced = runTool(
    'glance-manage db_sync',
    GLANCE_MANAGE,
    ['--config-file', conf, 'db_sync'],
    dir,
    setupLog,
    Math.max(1, deadline - Date.now()),
    abandon.signal,
  );
  // Observed by finishGlance; never an unhandled rejection meanwhile.
  synced.catch(() => {});
  let stopped: Promise<void> | undefined;
  const launch: GlanceLaunch = {
    port,
    url: `http://127.0.0.1:${port}`,
    dir,
    imagesDir,
    api,
    synced,
    logs,
    deadline,
    answered: false,
    cleanUp: () => {
      stopped ??= (async () => {
        abandon.abort();
        await api.stop();
        if (launch.answered) await portClosed(port);
        await synced.catch(() => {});
        live.delete(entry);
        if (!keepDirs()) rmSync(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
  return launch;
}

/** Registers Glance in Keystone's catalog and waits until it answers. */
async function finishGlance(launch: GlanceLaunch, keystone: KeystoneService): Promise<GlanceService> {
  try {
    const service = await keystone.request('POST', '/v3/services', {
      body: { service: { name: 'glance', type: 'image', description: 'OpenStack Image', enabled: true } },
    });
    if (service.status !== 201) {
      throw new Error(
        `Keystone refused to register the image service: HTTP ${service.status} ` +
          `${JSON.stringify(service.body)}\n${keystone.logTail()}`,
      );
    }
    const serviceId: string = service.body.service.id;
    for (const iface of ['public', 'internal', 'admin']) {
      const endpoint = await keystone.request('POST', '/v3/endpoints', {
        body: {
          endpoint: {
            service_id: serviceId,
            interface: iface,
            region_id: REGION,
            url: launch.url,
            enabled: true,
          },
        },
      });
      if (endpoint.status !== 201) {
        throw new Error(
          `Keystone refused the image ${iface} endpoint: HTTP ${endpoint.status} ` +
            `${JSON.stringify(endpoint.body)}\n${keystone.logTail()}`,
        );
      }
    }
    await Promise.race([launch.synced, failOnExit(launch.api, 'Glance did not start', launch.logs)]);
    await waitUntilAnswers(
      launch.api,
      'Glance did not start',
      async () => {
        const response = await fetch(`${launch.url}/`, { signal: AbortSignal.timeout(5_000) });
        await response.arrayBuffer();
        // The version list: 300 Multiple Choices.
        return response.status === 300 || response.status === 200;
      },
      launch.deadline,
      launch.logs,
    );
    launch.answered = true;
    return {
      url: launch.url,
      port: launch.port,
      keystone,
      serviceId,
      dir: launch.dir,
      imagesDir: launch.imagesDir,
      request: (method, path, requestOptions) =>
        jsonRequest(launch.url, method, path, keystone.adminToken, requestOptions),
      logTail: (lines = 40) => logsTail(launch.logs, lines),
      stop: launch.cleanUp,
    };
  } catch (error) {
    await launch.cleanUp();
    throw error;
  }
}

/**
 * Starts a real Glance (image API v2, `file` store, sqlite) behind `keystone`: registers the
 * `image` service and its endpoints (public, internal, admin; `RegionOne`) through Keystone's API,
 * runs `glance-manage db_sync` and `glance-api`, and resolves once it answers.
 */
export async function startGlance(
  keystone: KeystoneService,
  options: StartOptions = {},
): Promise<GlanceService> {
  const launch = await launchGlance(
    {
      port: keystone.port,
      url: keystone.url,
      authUrl: keystone.authUrl,
      adminPassword: keystone.adminPassword,
    },
    options,
  );
  return finishGlance(launch, keystone);
}

/**
 * Keystone and Glance behind it, set up side by side: Glance's database and server start while
 * Keystone bootstraps (faster than {@link startKeystone} then {@link startGlance}). `port` is
 * Keystone's; Glance takes a free one.
 */
export async function startOpenStack(options: KeystoneOptions = {}): Promise<OpenStackServices> {
  const plan = await planKeystone(options);
  // `port` is Keystone's; Glance takes a free one.
  const glanceLaunch = await launchGlance(plan, { ...options, port: undefined });
  let keystone: KeystoneService;
  try {
    keystone = await launchKeystone(plan, options);
  } catch (error) {
    await glanceLaunch.cleanUp();
    throw error;
  }
  let glance: GlanceService;
  try {
    glance = await finishGlance(glanceLaunch, keystone);
  } catch (error) {
    await keystone.stop();
    throw error;
  }
  return {
    keystone,
    glance,
    stop: async () => {
      await glance.stop();
      await keystone.stop();
    },
  };
}

/** Size of a file in the Glance store, for tests that check bytes landed (undefined when absent). */
export function storedSize(glance: GlanceService, imageId: string): number | undefined {
  const file = join(glance.imagesDir, imageId);
  return existsSync(file) ? statSync(file).size : undefined;
}
