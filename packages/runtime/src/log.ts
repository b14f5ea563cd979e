/**
 * Logging with secrets always redacted. A `Logger` is console-compatible, so `console` itself
 * works as a sink; `createLogger` wraps any sink so that every message it writes has passwords,
 * session strings, keys, signatures and tokens replaced by `[REDACTED]`. Debug output is off
 * unless asked for.
 */
import { formatWithOptions } from 'node:util';
import { REDACTED, scrubSecrets } from './secrets.js';

export { REDACTED };

export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** Names whose values are secrets, wherever they appear as `name=value`, `name: value` or JSON. */
const SECRET_NAMES =
  'password|passwd|secret|secretkey|secret_key|apikey|api_key|sessionkey|session|signature|token|access_token|refresh_token|id_token|authorization|proxy-authorization|cookie|set-cookie|x-auth-token';

const SECRET_PATTERNS: RegExp[] = [
  // query strings and form bodies: apikey=…&signature=…
  new RegExp(`([?&;\\s]|^)(${SECRET_NAMES})=([^&\\s"']*)`, 'gi'),
  // JSON: "password": "…"
  new RegExp(`("(?:${SECRET_NAMES})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'),
  // headers and ini lines: Authorization: Bearer …  /  secret = …
  new RegExp(
    `(^|[\\s{,'"])(${SECRET_NAMES})(['"]?\\s*[:=]\\s*)(?!\\[REDACTED\\])([^\\s,}'"&]+(?: [^\\s,}'"&]+)?)`,
    'gim',
  ),
];

export interface RedactOptions {
  /** Exact secret values to remove wherever they appear (a session string, a password, a key). */
  secrets?: Iterable<string>;
}

/**
 * Returns `text` with every registered secret (see `registerSecret`), every one of
 * `options.secrets`, and every secret-named field's value replaced.
 */
export function redact(text: string, options: RedactOptions = {}): string {
  let out = scrubSecrets(text, options.secrets ?? []);
  const [query, json, header] = SECRET_PATTERNS as [RegExp, RegExp, RegExp];
  out = out.replace(query, (_m, lead: string, name: string) => `${lead}${name}=${REDACTED}`);
  out = out.replace(json, (_m, head: string) => `${head}"${REDACTED}"`);
  out = out.replace(
    header,
    (_m, lead: string, name: string, sep: string) => `${lead}${name}${sep}${REDACTED}`,
  );
  return out;
}

export interface CreateLoggerOptions extends RedactOptions {
  /** Where messages go; defaults to `console`. */
  sink?: Logger;
  /** Write `debug` messages too (off by default). */
  debug?: boolean;
}

/**
 * A logger whose every message is formatted first (so objects and errors are included) and then
 * redacted before it reaches the sink. Add secrets later with `addSecret` (for a token obtained
 * after the logger was made).
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger & { addSecret(value: string): void } {
  const sink = options.sink ?? console;
  const secrets = new Set(options.secrets ?? []);
  const write =
    (level: keyof Logger) =>
    (...args: unknown[]) => {
      const message = formatWithOptions({ colors: false, depth: 6 }, ...args);
      sink[level](redact(message, { secrets }));
    };
  return {
    debug: options.debug ? write('debug') : () => {},
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    addSecret: (value: string) => {
      secrets.add(value);
    },
  };
}

/** A logger that drops everything; the default wherever a caller gives none. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
