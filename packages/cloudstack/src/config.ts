/**
 * `readConfig()`: the client's settings, found exactly where `cs` looks, in the same order:
 *
 * 1. defaults (timeout 10 s, method get, expiration 600 s, poll_interval 2 s, retry 0);
 * 2. every non-empty `CLOUDSTACK_<KEY>` environment variable (`CLOUDSTACK_ENDPOINT`, `…_KEY`,
 *    `…_SECRET`, `…_METHOD`, `…_TIMEOUT`, `…_VERIFY`, `…_CERT`, `…_CERT_KEY`, `…_RETRY`,
 *    `…_EXPIRATION`, `…_POLL_INTERVAL`, `…_JOB_TIMEOUT`, `…_TRACE`, `…_DANGEROUS_NO_TLS_VERIFY`,
 *    `…_HEADER_<NAME>`);
 * 3. if the environment gives endpoint, key and secret and `CLOUDSTACK_OVERRIDES` is empty, that is
 *    the configuration: no file is read (and the region is not used);
 * 4. otherwise the ini files `~/.cloudstack.ini`, `./cloudstack.ini` and `$CLOUDSTACK_CONFIG`, later
 *    files winning key by key; at least one must exist;
 * 5. the section named by `region`, else `$CLOUDSTACK_REGION`, else `cloudstack`;
 * 6. the section's keys win over the environment's, except the keys listed in
 *    `CLOUDSTACK_OVERRIDES` (e.g. `CLOUDSTACK_OVERRIDES=key,secret`), where the environment wins;
 * 7. endpoint, key and secret are required.
 *
 * Files and variables keep `cs`'s seconds; the result is in milliseconds. Unlike `cs`:
 * `CLOUDSTACK_JOB_TIMEOUT` (and ini `job_timeout`) is honoured; `trace`/`dangerous_no_tls_verify`
 * read `false`/`0`/`no`/`off` as false; a region asked for explicitly that no file has is an error
 * (not a config without name); `theme` is ignored instead of breaking the constructor; header
 * variables work; bad numbers are errors naming the key and where it came from.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ParameterError } from '@overcast/runtime/errors';
import { parse } from 'ini';
import type { CloudStackOptions } from './client.js';

export interface ReadConfigOptions {
  /** The ini section to use (default `$CLOUDSTACK_REGION`, else `cloudstack`). */
  region?: string;
  /** Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where `cloudstack.ini` is looked for (default the working directory). */
  cwd?: string;
  /** Where `.cloudstack.ini` is looked for (default the user's home). */
  home?: string;
}

/** The configuration as read: client options plus the region it came from (`name`). */
export type CloudStackConfig = CloudStackOptions & { name?: string };

/** `cs`'s keys, as they are spelled in files and after `CLOUDSTACK_`. */
const KEYS = [
  'endpoint',
  'key',
  'secret',
  'method',
  'timeout',
  'verify',
  'cert',
  'cert_key',
  'retry',
  'expiration',
  'poll_interval',
  'job_timeout',
  'trace',
  'dangerous_no_tls_verify',
] as const;

const DEFAULTS: Record<string, string> = {
  timeout: '10',
  method: 'get',
  retry: '0',
  expiration: '600',
  poll_interval: '2',
};

type Raw = Record<string, string>;

/** Reads the configuration as `cs` does (see the module comment). */
export async function readConfig(options: ReadConfigOptions = {}): Promise<CloudStackConfig> {
  const env = options.env ?? process.env;
  const fromEnv = { ...DEFAULTS, ...environmentValues(env) };
  const overrides = (env['CLOUDSTACK_OVERRIDES'] ?? '')
    .split(/\W+/)
    .map((key) => key.toLowerCase())
    .filter((key) => key !== '');
  if (overrides.length === 0 && fromEnv['endpoint'] && fromEnv['key'] && fromEnv['secret']) {
    return toOptions(fromEnv, 'the environment');
  }

  const files = [
    join(options.home ?? homedir(), '.cloudstack.ini'),
    join(options.cwd ?? process.cwd(), 'cloudstack.ini'),
    ...(env['CLOUDSTACK_CONFIG'] ? [resolve(options.cwd ?? process.cwd(), env['CLOUDSTACK_CONFIG'])] : []),
  ];
  const sections = await readIniFiles(files);
  if (sections === undefined) {
    throw new ParameterError(
      `CloudStack config file not found. Tried ${files.join(', ')}. Set CLOUDSTACK_ENDPOINT, ` +
        'CLOUDSTACK_KEY and CLOUDSTACK_SECRET, or write endpoint, key and secret in a [cloudstack] section of one of those files',
    );
  }
  const explicit = options.region ?? (env['CLOUDSTACK_REGION'] || undefined);
  const region = explicit ?? 'cloudstack';
  const section = sections.get(region);
  if (section === undefined && explicit !== undefined) {
    throw new ParameterError(`CloudStack region "${region}" is not in the config (${files.join(', ')})`);
  }
  const merged: Raw = { ...fromEnv, ...(section ?? {}) };
  for (const key of overrides) if (fromEnv[key] !== undefined) merged[key] = fromEnv[key];
  return { ...toOptions(merged, `region "${region}"`), ...(section === undefined ? {} : { name: region }) };
}

function environmentValues(env: Readonly<Record<string, string | undefined>>): Raw {
  const values: Raw = {};
  for (const key of KEYS) {
    const value = env[`CLOUDSTACK_${key.toUpperCase()}`];
    if (value) values[key] = value;
  }
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('CLOUDSTACK_HEADER_') && value)
      values[`header_${name.slice(18).toLowerCase()}`] = value;
  }
  return values;
}

/** The sections of every file that exists, later files winning key by key; undefined if none exists. */
async function readIniFiles(files: string[]): Promise<Map<string, Raw> | undefined> {
  const sections = new Map<string, Raw>();
  let found = false;
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new ParameterError(`cannot read CloudStack config ${file}: ${(error as Error).message}`);
    }
    found = true;
    for (const [name, body] of Object.entries(parse(text))) {
      if (typeof body !== 'object' || body === null) continue;
      const kept = sections.get(name) ?? {};
      for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
        // Like ConfigParser: option names are case-insensitive; only known, non-empty keys count.
        const lower = key.toLowerCase();
        // The ini parser reads `true`/`false` as booleans; cs reads every value as text.
        const text = typeof value === 'boolean' ? String(value) : value;
        if ((isKey(lower) || lower.startsWith('header_')) && typeof text === 'string' && text !== '') {
          kept[lower] = text;
        }
      }
      sections.set(name, kept);
    }
  }
  return found ? sections : undefined;
}

function isKey(name: string): boolean {
  return (KEYS as readonly string[]).includes(name);
}

/** Raw `cs` values (seconds, strings) → client options (milliseconds, typed). */
function toOptions(raw: Raw, source: string): CloudStackConfig {
  const missing = ['endpoint', 'key', 'secret'].filter((key) => !raw[key]);
  if (missing.length > 0) {
    const variables = missing.map((key) => `CLOUDSTACK_${key.toUpperCase()}`).join(', ');
    throw new ParameterError(
      `CloudStack configuration (${source}) is missing: ${missing.join(', ')}; set ${variables} or add ` +
        `${missing.length === 1 ? 'it' : 'them'} to the config file's section`,
    );
  }
  const seconds = (key: string) => {
    const text = raw[key];
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) {
      throw new ParameterError(`CloudStack configuration (${source}): "${key}" must be a number of seconds`);
    }
    return Math.round(value * 1000);
  };
  const method = (raw['method'] ?? 'get').toUpperCase();
  if (method !== 'GET' && method !== 'POST') {
    throw new ParameterError(`CloudStack configuration (${source}): "method" must be get or post`);
  }
  const retry = raw['retry'] === undefined ? 0 : Number(raw['retry']);
  if (!Number.isInteger(retry) || retry < 0) {
    throw new ParameterError(`CloudStack configuration (${source}): "retry" must be a whole number`);
  }
  const headers = Object.fromEntries(
    Object.entries(raw)
      .filter(([key]) => key.startsWith('header_'))
      .map(([key, value]) => [key.slice('header_'.length), value]),
  );
  const verify =
    raw['verify'] !== undefined
      ? raw['verify']
      : flag(raw, 'dangerous_no_tls_verify', source)
        ? false
        : undefined;
  const timeout = seconds('timeout');
  const expiration = seconds('expiration');
  const pollInterval = seconds('poll_interval');
  const jobTimeout = seconds('job_timeout');
  return {
    endpoint: raw['endpoint'] as string,
    key: raw['key'] as string,
    secret: raw['secret'] as string,
    method,
    retry,
    ...(timeout === undefined ? {} : { timeout }),
    ...(expiration === undefined ? {} : { expiration }),
    ...(pollInterval === undefined ? {} : { pollInterval }),
    ...(jobTimeout === undefined ? {} : { jobTimeout }),
    ...(verify === undefined ? {} : { verify }),
    ...(raw['cert'] === undefined ? {} : { cert: raw['cert'] }),
    ...(raw['cert_key'] === undefined ? {} : { certKey: raw['cert_key'] }),
    ...(Object.keys(headers).length === 0 ? {} : { headers }),
    ...(flag(raw, 'trace', source) ? { trace: true } : {}),
  };
}

/** Reads `trace` and the like: `cs`'s strtobool words, properly (false stays false). */
export function flag(raw: Raw, key: string, source: string): boolean {
  const text = raw[key]?.toLowerCase();
  if (text === undefined) return false;
  if (['y', 'yes', 't', 'true', 'on', '1'].includes(text)) return true;
  if (['n', 'no', 'f', 'false', 'off', '0'].includes(text)) return false;
  throw new ParameterError(`CloudStack configuration (${source}): "${key}" must be true or false`);
}
