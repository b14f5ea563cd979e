import { describe, expect, it } from 'vitest';
import { ParameterError } from './errors.js';
import type { Logger } from './log.js';
import { callRetry, resolveClientOptions, retryPolicy } from './options.js';
import { DEFAULT_XML_LIMITS } from './xml-scan.js';

describe('resolveClientOptions', () => {
  it('maps the one set of options onto the HTTP client, with the provider default timeout', () => {
    const resolved = resolveClientOptions(
      {
        tls: { caFile: '/ca.pem', insecure: false },
        proxy: false,
        headers: { 'x-a': '1' },
        http: { connections: 4 },
      },
      { timeout: 10_000 },
    );
    expect(resolved.http).toMatchObject({
      caFile: '/ca.pem',
      insecure: false,
      proxy: false,
      headers: { 'x-a': '1' },
      connections: 4,
      timeout: 10_000,
      trace: false,
    });
    expect(resolved.retry).toEqual({ retries: 0 });
  });

  it('treats timeout: undefined as the default, and an explicit value as the value', () => {
    expect(resolveClientOptions({ timeout: undefined }, { timeout: 5 }).http.timeout).toBe(5);
    expect(resolveClientOptions({ timeout: 0 }, { timeout: 5 }).http.timeout).toBe(0);
  });

  it('writes debug lines through a redacting logger only when debug is on', () => {
    const lines: string[] = [];
    const sink: Logger = {
      debug: (...a) => lines.push(a.join(' ')),
      info: () => {},
      warn: () => {},
      error: () => {},
    };
    resolveClientOptions({ logger: sink }).logger.debug('quiet');
    resolveClientOptions({ logger: sink, debug: true }).logger.debug('GET /x?password=hunter22');
    expect(lines).toEqual(['GET /x?password=[REDACTED]']);
    expect(resolveClientOptions({ logger: sink, debug: 'trace' }).http.trace).toBe(true);
  });

  it('names a wrong option', () => {
    expect(() => resolveClientOptions({ timeout: -1 })).toThrow(/timeout must be/);
    expect(() => resolveClientOptions({ retry: 1.5 })).toThrow(/retries must be a whole number/);
    expect(() => resolveClientOptions({ debug: 'yes' as never })).toThrow(ParameterError);
  });
});

describe('retry policies', () => {
  it('reads a count or a full policy', () => {
    expect(retryPolicy(3)).toEqual({ retries: 3 });
    expect(retryPolicy({ retries: 2, minDelay: 10, maxDelay: 100 })).toEqual({
      retries: 2,
      minDelay: 10,
      maxDelay: 100,
    });
    expect(retryPolicy(undefined)).toEqual({ retries: 0 });
  });

  it('retries reads with the call policy over the client policy, and never writes', () => {
    expect(callRetry({ retries: 2 }, undefined, true, 'GET /vms')).toEqual({ retries: 2 });
    expect(callRetry({ retries: 2 }, 5, true, 'GET /vms')).toEqual({ retries: 5 });
    expect(callRetry({ retries: 0 }, undefined, true, 'GET /vms')).toBeUndefined();
    expect(callRetry({ retries: 2 }, undefined, false, 'POST /vms')).toBeUndefined();
    expect(() => callRetry({ retries: 0 }, 3, false, 'POST /vms')).toThrow(
      /POST \/vms is not safe to repeat/,
    );
  });
});

describe('xml limits', () => {
  it('puts the caller’s limits over the defaults', () => {
    const { xml } = resolveClientOptions({ xml: { maxChildren: 5_000_000 } });
    expect(xml).toEqual({ ...DEFAULT_XML_LIMITS, maxChildren: 5_000_000 });
    expect(resolveClientOptions({}).xml).toEqual(DEFAULT_XML_LIMITS);
  });

  it('refuses an unknown limit or a value that is not a positive whole number, naming it', () => {
    expect(() => resolveClientOptions({ xml: { maxKids: 3 } as never })).toThrow(
      /xml\.maxKids is not an XML limit/,
    );
    expect(() => resolveClientOptions({ xml: { maxDepth: 0 } })).toThrow(
      /xml\.maxDepth must be a whole number >= 1/,
    );
    expect(() => resolveClientOptions({ xml: { maxDepth: 1.5 } })).toThrow(ParameterError);
  });
});
