import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLogger, type Logger, REDACTED, redact } from './log.js';

function capture(): { sink: Logger; lines: string[] } {
  const lines: string[] = [];
  const push = (...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  };
  return { sink: { debug: push, info: push, warn: push, error: push }, lines };
}

describe('redact', () => {
  it.each([
    [
      'query string',
      'GET /client/api?command=listZones&apiKey=AKEY123&signature=abc%3D%3D',
      ['AKEY123', 'abc%3D%3D'],
    ],
    ['form body', 'username=admin&password=s3cr3t!&scope=ovirt-app-api', ['s3cr3t!']],
    ['JSON', '{"access_token":"eyJhbGciOi.payload.sig","token_type":"bearer"}', ['eyJhbGciOi.payload.sig']],
    ['header', 'Authorization: Bearer eyJhbGciOi.payload.sig', ['eyJhbGciOi.payload.sig']],
    ['ini line', 'secret = wJalrXUtnFEMI', ['wJalrXUtnFEMI']],
    ['escaped JSON', '{"password":"a\\"b\\"c-long"}', ['a\\"b\\"c-long']],
  ])('removes secret-named values in a %s', (_kind, text, secrets) => {
    const out = redact(text);
    for (const secret of secrets) expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
  });

  it('removes registered secret values wherever they appear', () => {
    const session = 'oneadmin:0c3f9a7e1b';
    const out = redact(`<methodCall><params><param><value><string>${session}</string></value></param>`, {
      secrets: [session],
    });
    expect(out).not.toContain(session);
    expect(out).toContain(`<string>${REDACTED}</string>`);
  });

  it('keeps ordinary text as it is', () => {
    const text = 'listVirtualMachines zoneid=1 page=2 state=Running (took 12 ms)';
    expect(redact(text)).toBe(text);
  });

  it('never lets a registered secret through, whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 3 }), fc.string(), (before, secret, after) => {
        // A secret that is part of the marker itself could be re-formed by the marker.
        fc.pre(!/[[\]]/.test(secret) && !REDACTED.includes(secret));
        expect(redact(before + secret + after, { secrets: [secret] })).not.toContain(secret);
      }),
    );
  });
});

describe('createLogger', () => {
  it('formats objects and errors, then redacts before writing', () => {
    const { sink, lines } = capture();
    const log = createLogger({ sink, secrets: ['hunter2-pass'] });
    log.info('login', { user: 'admin', password: 'hunter2-pass' });
    log.error(new Error('auth failed for admin:hunter2-pass'));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toContain('hunter2-pass');
    expect(lines[0]).toContain('admin');
  });

  it('drops debug messages unless debug is on', () => {
    const quiet = capture();
    createLogger({ sink: quiet.sink }).debug('hidden');
    expect(quiet.lines).toEqual([]);
    const loud = capture();
    createLogger({ sink: loud.sink, debug: true }).debug('shown');
    expect(loud.lines).toEqual(['shown']);
  });

  it('redacts a secret added after the logger was made', () => {
    const { sink, lines } = capture();
    const log = createLogger({ sink });
    log.addSecret('tok-98765-abcdef');
    log.warn('retrying with tok-98765-abcdef');
    expect(lines[0]).toBe(`retrying with ${REDACTED}`);
  });
});
