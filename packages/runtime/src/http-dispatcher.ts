/**
 * Builds the undici dispatcher behind an `HttpClient`: one keep-alive pool per origin, TLS settings
 * read once, and proxies taken from the environment unless the caller says otherwise. undici is
 * loaded on the first request, not at import: it is most of the runtime's import time.
 */
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Dispatcher } from 'undici';
import { ParameterError } from './errors.js';
import { loadUndici } from './undici-parts.js';

/** TLS settings. Certificate verification is on unless `insecure: true` is given explicitly. */
export interface TlsOptions {
  /** Trusted CA certificates (PEM). When given, they replace Node's built-in list of public CAs. */
  ca?: string;
  /** Path to a PEM file of trusted CA certificates, read once when the client is made. */
  caFile?: string;
  /** Client certificate: a PEM string or the path of a PEM file (which may also hold the key). */
  cert?: string;
  /** Client private key: a PEM string or the path of a PEM file. Defaults to `cert`'s PEM. */
  key?: string;
  /** Skip certificate verification. Never the default; only for test clouds. */
  insecure?: boolean;
}

/** Proxy URLs that override HTTP_PROXY / HTTPS_PROXY / NO_PROXY. */
export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

export interface DispatcherOptions extends TlsOptions {
  /** Most sockets kept open per origin (default: no limit). */
  connections?: number;
  /** Milliseconds allowed to open a connection, TLS handshake included. */
  connectTimeout: number;
  /**
   * `true` (default): HTTP_PROXY, HTTPS_PROXY and NO_PROXY from the environment; `false`: always
   * connect directly; an object: these proxies instead of the environment's.
   */
  proxy?: boolean | ProxySettings;
}

/**
 * Reads the TLS material now (a missing file is a `ParameterError` at once) and returns a function
 * that makes the dispatcher when the first request needs it.
 */
export function prepareDispatcher(options: DispatcherOptions): () => Promise<Dispatcher> {
  const tls = {
    ...readTlsMaterial(options),
    rejectUnauthorized: options.insecure !== true,
    timeout: options.connectTimeout,
  };
  const pool = { connections: options.connections ?? null, connect: tls };
  return async () => {
    const { Agent, EnvHttpProxyAgent } = await loadUndici();
    if (options.proxy === false) return new Agent(pool);
    const overrides = typeof options.proxy === 'object' ? options.proxy : {};
    // Through a proxy, undici takes the target's TLS settings from `requestTls`, not `connect`.
    return new EnvHttpProxyAgent({ ...pool, requestTls: tls, ...overrides });
  };
}

function readTlsMaterial(options: TlsOptions): { ca?: string; cert?: string; key?: string } {
  const ca = options.ca ?? (options.caFile === undefined ? undefined : readPem(options.caFile, 'caFile'));
  const cert = options.cert === undefined ? undefined : pemOrFile(options.cert, 'cert');
  if (options.key !== undefined && cert === undefined) {
    throw new ParameterError('a client key was given without a client certificate (cert)');
  }
  // A combined PEM file holds both; OpenSSL picks the private key block out of it.
  const key = options.key === undefined ? cert : pemOrFile(options.key, 'key');
  if (cert !== undefined && key !== undefined) checkClientPair(cert, key, options.key === undefined);
  return {
    ...(ca === undefined ? {} : { ca }),
    ...(cert === undefined ? {} : { cert, key }),
  };
}

/**
 * Reads the client certificate and key now, so that a missing, unreadable or mismatched key is a
 * ParameterError naming the option, rather than an OpenSSL decoder error at the first request.
 * Messages never quote the PEM.
 */
function checkClientPair(cert: string, key: string, keyFromCert: boolean): void {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    throw new ParameterError('cert holds no readable PEM certificate');
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new ParameterError(
      keyFromCert
        ? 'cert holds no private key: pass the client key as key'
        : 'key holds no readable, unencrypted PEM private key',
    );
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new ParameterError('the client key (key) does not belong to the client certificate (cert)');
  }
}

function pemOrFile(value: string, option: string): string {
  return value.includes('-----BEGIN ') ? value : readPem(value, option);
}

function readPem(path: string, option: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ParameterError(`cannot read ${option} file ${path}`, { cause });
  }
}
