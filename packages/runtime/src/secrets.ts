/**
 * The one redaction rule. Clients register every secret they hold or make (passwords, sessions, API
 * keys and secrets, tokens, signatures, user info from an endpoint URL) with `registerSecret`; every
 * `OvercastError` passes its message, the server's text and the kept raw body through
 * `scrubSecrets` when it is built, and so does every redacting logger. A server that echoes a
 * request, or quotes a secret in its own error text, therefore cannot put it in front of a user.
 *
 * A secret is found in the forms a server may send it back in: as is, percent- or form-encoded,
 * JSON-escaped, in base64 at any byte alignment (a Basic authorization header), and with any of its
 * characters written as an XML or HTML character reference (`&#97;`, `&#x61;`, `&amp;`). No library
 * does this matching over registered values, hence the hand-written variants below.
 */

/** What replaces a secret, wherever it is found. */
export const REDACTED = '[REDACTED]';

/** Values shorter than this would blank out unrelated text; no real secret is this short. */
const MIN_SECRET_LENGTH = 3;
/** Secrets made per request (signatures) are kept for this many requests, the newest last. */
const EPHEMERAL_CAPACITY = 1024;

export interface RegisterSecretOptions {
  /**
   * A value made per request (a signature) rather than held by a client: kept among the most recent
   * few thousand only, so a long-running client's registry does not grow without bound.
   */
  ephemeral?: boolean;
}

const lasting = new Map<string, number>();
let lastingMatcher: RegExp | null | undefined;

/**
 * Makes `value` a secret: from now on it never appears in an Overcast error or a redacting log.
 * Returns a function that forgets it again (a client calls it on `close()`); a value registered
 * twice is forgotten when both have let go of it.
 */
export function registerSecret(value: string | undefined, options: RegisterSecretOptions = {}): () => void {
  if (value === undefined || value.length < MIN_SECRET_LENGTH) return () => {};
  if (options.ephemeral) {
    recentSignatures.add(value);
    return () => {};
  }
  lasting.set(value, (lasting.get(value) ?? 0) + 1);
  lastingMatcher = undefined;
  let forgotten = false;
  return () => {
    if (forgotten) return;
    forgotten = true;
    const count = (lasting.get(value) ?? 1) - 1;
    if (count > 0) lasting.set(value, count);
    else lasting.delete(value);
    lastingMatcher = undefined;
  };
}

/**
 * `text` with every registered secret (and every one of `extra`) replaced by `[REDACTED]`, in any of
 * the encodings a server may echo it in.
 */
export function scrubSecrets(text: string, extra: Iterable<string> = []): string {
  if (text.length < MIN_SECRET_LENGTH) return text;
  lastingMatcher ??= buildMatcher(lasting.keys(), allForms);
  let out = recentSignatures.scrub(text);
  for (const pattern of [lastingMatcher, buildMatcher(extra, allForms)]) {
    if (pattern !== null) out = out.replace(pattern, REDACTED);
  }
  return out;
}

/**
 * The signatures of the most recent requests, in the forms they are echoed in (as sent, percent- or
 * form-encoded, JSON-escaped). A client signs every request, so registering must cost next to
 * nothing and the set must not slow every error down as it fills: instead of one regular expression
 * (rebuilt per request, and tried at every position against a thousand alternatives), the forms
 * sit in a map keyed by their first characters, and only runs of the characters signatures are
 * made of are looked up in it.
 */
class RecentSignatures {
  readonly #ring: string[] = [];
  #next = 0;
  /** Each form → how many recent signatures have it (two requests may sign alike). */
  readonly #forms = new Map<string, number>();
  /** The first KEY characters of each form → the forms starting so. */
  readonly #byPrefix = new Map<string, Set<string>>();

  add(signature: string): void {
    const evicted = this.#ring[this.#next];
    if (evicted !== undefined) for (const form of signatureForms(evicted)) this.#drop(form);
    this.#ring[this.#next] = signature;
    this.#next = (this.#next + 1) % EPHEMERAL_CAPACITY;
    for (const form of signatureForms(signature)) this.#keep(form);
  }

  scrub(text: string): string {
    if (this.#forms.size === 0) return text;
    return text.replace(SIGNATURE_RUN, (run) => this.#scrubRun(run));
  }

  #scrubRun(run: string): string {
    let out = '';
    let copied = 0;
    for (let i = 0; i + PREFIX <= run.length; i++) {
      const candidates = this.#byPrefix.get(run.slice(i, i + PREFIX));
      if (candidates === undefined) continue;
      let longest = '';
      for (const form of candidates)
        if (form.length > longest.length && run.startsWith(form, i)) longest = form;
      if (longest === '') continue;
      out += `${run.slice(copied, i)}${REDACTED}`;
      i += longest.length - 1;
      copied = i + 1;
    }
    return copied === 0 ? run : out + run.slice(copied);
  }

  #keep(form: string): void {
    this.#forms.set(form, (this.#forms.get(form) ?? 0) + 1);
    const key = form.slice(0, PREFIX);
    const set = this.#byPrefix.get(key) ?? new Set<string>();
    set.add(form);
    this.#byPrefix.set(key, set);
  }

  #drop(form: string): void {
    const count = (this.#forms.get(form) ?? 1) - 1;
    if (count > 0) {
      this.#forms.set(form, count);
      return;
    }
    this.#forms.delete(form);
    const key = form.slice(0, PREFIX);
    const set = this.#byPrefix.get(key);
    set?.delete(form);
    if (set?.size === 0) this.#byPrefix.delete(key);
  }
}

/** How many leading characters key a signature form. */
const PREFIX = 6;
/** A run of the characters base64, hex and their percent- or JSON-encodings are made of. */
const SIGNATURE_RUN = /[A-Za-z0-9+/=%_.~\\-]{6,}/g;

/** A signature as sent, percent-encoded (either hex case), form-encoded and JSON-escaped. */
function signatureForms(signature: string): Set<string> {
  const encoded = encodeURIComponent(signature);
  const forms = new Set([
    signature,
    encoded,
    encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    new URLSearchParams({ s: signature }).toString().slice(2),
    JSON.stringify(signature).slice(1, -1),
  ]);
  for (const form of forms) if (form.length < PREFIX) forms.delete(form);
  return forms;
}

const recentSignatures = new RecentSignatures();

/** One alternation over every form of every secret; `null` when there is none. */
function buildMatcher(secrets: Iterable<string>, forms: (secret: string) => string[]): RegExp | null {
  const sources = new Set<string>();
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) for (const form of forms(secret)) sources.add(form);
  }
  if (sources.size === 0) return null;
  // Longest first, so that the alternation prefers a whole encoded form over a shorter one inside it.
  return new RegExp([...sources].sort((a, b) => b.length - a.length).join('|'), 'g');
}

/** `secret` as is, percent-encoded (either hex case), form-encoded and JSON-escaped. */
function plainForms(secret: string): string[] {
  const texts = new Set<string>([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
  ]);
  return [...texts].map((text) => escapeRegExp(text).replace(/%([0-9A-F]{2})/g, anyCaseEscape));
}

function anyCaseEscape(_match: string, hex: string): string {
  return `%(?:${hex}|${hex.toLowerCase()})`;
}

/** Regular-expression sources matching `secret` in every form a server may send it back in. */
function allForms(secret: string): string[] {
  const forms = plainForms(secret);
  forms.push(...base64Forms(secret).map(escapeRegExp));
  // Any character may be written as a character reference, and `&` `<` `>` `"` `'` by name.
  forms.push([...secret].map(characterOrReference).join(''));
  return forms;
}

/**
 * The base64 text that `secret` becomes inside any base64 string, whatever the bytes before it: for
 * each of the three alignments, only the characters that depend on the secret's bytes alone.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const first = Math.ceil((offset * 8) / 6);
    const last = Math.floor(((offset + bytes.length) * 8) / 6);
    const core = encoded.slice(first, last);
    // Too short a core would match ordinary base64 by chance.
    if (core.length >= 4) {
      forms.push(core);
      forms.push(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return forms;
}

const NAMED_REFERENCES: Readonly<Record<string, string>> = {
  '&': 'amp',
  '<': 'lt',
  '>': 'gt',
  '"': 'quot',
  "'": 'apos',
};

function characterOrReference(character: string): string {
  const code = character.codePointAt(0) as number;
  const options = [
    escapeRegExp(character),
    `&#0*${code};`,
    `&#[xX]0*(?:${code.toString(16)}|${code.toString(16).toUpperCase()});`,
  ];
  const name = NAMED_REFERENCES[character];
  if (name !== undefined) options.push(`&${name};`);
  return `(?:${options.join('|')})`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
