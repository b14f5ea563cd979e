import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { errorViews } from './error-views.js';
import { ApiError, ConnectionError, DecodeError } from './errors.js';
import { createLogger, type Logger } from './log.js';
import { REDACTED, registerSecret, scrubSecrets } from './secrets.js';

const forgetters: Array<() => void> = [];
function secret(value: string, options?: { ephemeral?: boolean }): string {
  forgetters.push(registerSecret(value, options));
  return value;
}
afterEach(() => {
  for (const forget of forgetters.splice(0)) forget();
});

/** A secret as realistic generators make them: printable, and not part of the redaction marker. */
const secrets = fc
  .string({
    unit: fc.constantFrom(...'abcdefghijkLMNOPQRSTUVWXYZ0123456789-_.~!*:/+=&<>"\' é€😀'),
    minLength: 8,
    maxLength: 40,
  })
  .filter((value) => value.trim().length >= 8 && !REDACTED.includes(value));

/** Writes some characters of `text` as XML character references, some named, some decimal or hex. */
function xmlEscaped(text: string, picks: boolean[]): string {
  return [...text]
    .map((character, i) => {
      if (!picks[i % picks.length])
        return character === '&' ? '&amp;' : character === '<' ? '&lt;' : character;
      const code = character.codePointAt(0) as number;
      return i % 2 === 0 ? `&#${code};` : `&#x${code.toString(16)};`;
    })
    .join('');
}

/** The ways a server may send a secret back inside an error answer. */
const ENCODINGS: Record<string, (value: string, picks: boolean[]) => string> = {
  raw: (value) => value,
  'URL-encoded': (value) => encodeURIComponent(value),
  'URL-encoded, lower-case hex': (value) =>
    encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  'form-encoded': (value) => new URLSearchParams({ p: value }).toString().slice(2),
  'base64 in a Basic header line': (value) =>
    `Authorization: Basic ${Buffer.from(`admin:${value}`).toString('base64')}`,
  'base64 at any alignment': (value, picks) =>
    Buffer.from(`${'x'.repeat(picks.length % 3)}${value}tail`).toString('base64'),
  'JSON-escaped': (value) => JSON.stringify({ echoed: value }),
  'split across XML escapes': (value, picks) => `<fault><detail>${xmlEscaped(value, picks)}</detail></fault>`,
};

describe('the redaction rule', () => {
  it.each(Object.keys(ENCODINGS))('keeps a registered secret out of every view of an error: %s', (name) => {
    const encode = ENCODINGS[name] as (value: string, picks: boolean[]) => string;
    fc.assert(
      fc.property(
        secrets,
        fc.string(),
        fc.string(),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }),
        (value, before, after, picks) => {
          const forget = registerSecret(value);
          try {
            const body = `${before}${encode(value, picks)}${after}`;
            const error = new ApiError(`server said: ${body}`, {
              status: 500,
              body,
              serverMessage: body,
              cause: new SyntaxError(`Unexpected token in JSON: ${body}`),
            });
            const plain = encode(value, picks);
            for (const view of errorViews(error)) {
              expect(view).not.toContain(value);
              if (plain !== value && plain.length >= 8) expect(view).not.toContain(plain);
            }
          } finally {
            forget();
          }
        },
      ),
      { numRuns: 60, seed: 11 },
    );
  });

  it('finds signatures made per request among the most recent ones', () => {
    const signature = secret('Tz0rV2w8dXN5MW1fY2FsbGVk+sig=', { ephemeral: true });
    for (let i = 0; i < 100; i++) registerSecret(`other-signature-${i}`, { ephemeral: true });
    const error = new ConnectionError(`echo: signature=${encodeURIComponent(signature)}`);
    expect(error.message).not.toContain(encodeURIComponent(signature));
    expect(error.message).toContain(REDACTED);
  });

  it('keeps the most recent signatures only, so a busy client does not grow the registry', () => {
    const oldest = 'b2xkZXN0LXNpZ25hdHVyZS12YWx1ZQ==';
    registerSecret(oldest, { ephemeral: true });
    const newest = Array.from(
      { length: 1024 },
      (_, i) => `c2lnbmF0dXJlLW51bWJlci0${i.toString().padStart(5, '0')}=`,
    );
    for (const value of newest) registerSecret(value, { ephemeral: true });
    const text = `old ${oldest} new ${newest[0]}&next=${encodeURIComponent(newest[1023] as string)}`;
    expect(scrubSecrets(text)).toBe(`old ${oldest} new ${REDACTED}&next=${REDACTED}`);
  });

  it('forgets a secret when every registration has let go of it', () => {
    const forgetFirst = registerSecret('shared-session-value');
    const forgetSecond = registerSecret('shared-session-value');
    forgetFirst();
    expect(scrubSecrets('x shared-session-value x')).toBe(`x ${REDACTED} x`);
    forgetSecond();
    expect(scrubSecrets('x shared-session-value x')).toBe('x shared-session-value x');
  });

  it('ignores values too short to be secrets, so ordinary text survives', () => {
    secret('ab');
    expect(scrubSecrets('abc ab')).toBe('abc ab');
  });

  it('redacts the message of a foreign cause, down its own cause chain', () => {
    const token = secret('eyJ0b2tlbiI6InNlY3JldCJ9.sig');
    const inner = new Error(`socket said ${token}`);
    const outer = new Error('wrapper', { cause: inner });
    const error = new DecodeError('bad answer', { cause: outer });
    for (const view of errorViews(error)) expect(view).not.toContain(token);
  });

  it('redacts every line a logger writes', () => {
    const password = secret('correct horse battery staple');
    const lines: string[] = [];
    const push = (...args: unknown[]) => {
      lines.push(args.join(' '));
    };
    const sink: Logger = { debug: push, info: push, warn: push, error: push };
    const logger = createLogger({ sink, debug: true });
    logger.debug('body: %s', encodeURIComponent(password));
    logger.info({ nested: { text: `pw ${password}` } });
    expect(lines.join('\n')).not.toContain('horse');
    expect(lines).toHaveLength(2);
  });
});
