/**
 * Reads `clouds.yaml`-family files into the values openstacksdk gets from them: YAML as PyYAML's
 * `safe_load` reads it (YAML 1.1 plain scalars: `yes`/`no`/`on`/`off` are booleans, `2.10` is the
 * float 2.1, `0755` is octal, `~` and an empty value are None; merge keys `<<`), and `.json` files
 * as Python's `json.load` reads them (integers apart from floats). Integers come out as `bigint`,
 * floats as `number` (see `values.ts`).
 *
 * A file that cannot be read this way is a `ParameterError` naming the file, the line and column,
 * and the key path where it is known; never a parser exception, and never a line of the file (a
 * secure.yaml holds passwords). Unlike PyYAML, a key given twice in one mapping is an error (PyYAML
 * silently keeps the last one), and timestamps stay the text they were written as.
 */
import { createRequire } from 'node:module';
import { ParameterError } from '@overcast/runtime/errors';
import type * as YamlModule from 'yaml';
import type { Alias, Document, LineCounter, Node, Scalar } from 'yaml';
import { type PyDict, type PyValue, pyStr } from './values.js';

const BOOL_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const BOOL_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const JSON_INT = /^-?(?:0|[1-9][0-9]*)$/;

/**
 * The `yaml` package, loaded on the first file read: importing it costs about a third of this
 * package's import, and most connections never read a file (`new Connection(…)`). Its Node entry
 * is CommonJS, so `require` loads it synchronously.
 */
let yamlModule: typeof YamlModule | undefined;
export function yaml(): typeof YamlModule {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof YamlModule;
  return yamlModule;
}
const TAG = 'tag:yaml.org,2002:';
/** Most nodes one file may expand to through aliases (a "billion laughs" file stops here). */
const MAX_NODES = 100_000;

/** Parses a file's text; `file` names it in errors; a name ending in `json` selects JSON. Empty → null. */
export function parseConfigText(text: string, file: string, json = file.endsWith('json')): PyValue {
  if (json) {
    try {
      JSON.parse(text);
    } catch {
      // Node's message quotes the text around the error (a secure file holds passwords): only the position.
      const offset = jsonErrorOffset(text);
      const at = offset === undefined ? '' : ` at ${linePosition(text, offset)}`;
      throw new ParameterError(`${file}: not valid JSON${at}`);
    }
  }
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { schema: 'failsafe', prettyErrors: false, lineCounter });
  const error = doc.errors[0];
  if (error !== undefined) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    throw new ParameterError(
      `${file}: not valid ${json ? 'JSON' : 'YAML'} at line ${line}, column ${col}: ${describeError(error.code, error.message)}`,
    );
  }
  const reader = new Reader(doc, file, lineCounter, json);
  return doc.contents === null ? null : reader.value(doc.contents as Node, '');
}

/** Parser errors whose messages never quote the file's text. */
const SAFE_MESSAGES = new Set([
  'BAD_INDENT',
  'BLOCK_AS_IMPLICIT_KEY',
  'DUPLICATE_KEY',
  'KEY_OVER_1024_CHARS',
  'MISSING_CHAR',
  'MULTILINE_IMPLICIT_KEY',
  'MULTIPLE_ANCHORS',
  'MULTIPLE_DOCS',
  'MULTIPLE_TAGS',
  'NON_STRING_KEY',
  'TAB_AS_INDENT',
]);

/**
 * The parser's message when it cannot quote the text, else a description of its code: messages
 * such as "Unexpected <token> in collection" would copy a line of a secure.yaml into the error.
 */
function describeError(code: string, message: string): string {
  if (SAFE_MESSAGES.has(code)) return (message.split('\n')[0] ?? '').replace(/:\s*$/, '');
  return `${code.toLowerCase().replace(/_/g, ' ')} (the text is not shown: it may hold a secret)`;
}

/** Where a JSON text stops being JSON (a small recursive-descent check), or undefined. */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    space();
    const char = text[i];
    if (char === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    }
    if (char === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    }
    if (char === '"') {
      string();
      return;
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?)/.exec(
      text.slice(i, i + 400),
    );
    if (literal === null) fail();
    i += (literal as RegExpExecArray)[0].length;
  };
  const string = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      } else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  try {
    value();
    space();
    return i < text.length ? i : undefined;
  } catch (offset) {
    if (typeof offset === 'number') return offset;
    throw offset;
  }
}

function linePosition(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before[before.length - 1]?.length ?? 0) + 1}`;
}

class Reader {
  private nodes = 0;
  private readonly active = new Set<Node>();

  constructor(
    private readonly doc: Document,
    private readonly file: string,
    private readonly lines: LineCounter,
    private readonly json: boolean,
  ) {}

  fail(node: Node | undefined, path: string, message: string): never {
    const start = node?.range?.[0];
    const at = start === undefined ? '' : ` (line ${this.lines.linePos(start).line})`;
    throw new ParameterError(`${this.file}: ${path === '' ? 'the document' : path}${at}: ${message}`);
  }

  value(node: Node | Alias | null, path: string): PyValue {
    if (node === null) return null;
    if (++this.nodes > MAX_NODES) this.fail(node, path, `more than ${MAX_NODES} values (alias expansion)`);
    if (yaml().isAlias(node)) {
      const target = node.resolve(this.doc);
      if (target === undefined) this.fail(node, path, `alias *${node.source} has no anchor`);
      if (this.active.has(target)) this.fail(node, path, `alias *${node.source} refers to itself`);
      this.active.add(target);
      try {
        return this.value(target, path);
      } finally {
        this.active.delete(target);
      }
    }
    if (yaml().isScalar(node)) return this.scalar(node, path);
    if (yaml().isSeq(node)) {
      this.checkTag(node, path, 'seq');
      return node.items.map((item, index) => this.value(item as Node | null, `${path}[${index}]`));
    }
    if (yaml().isMap(node)) {
      this.checkTag(node, path, 'map');
      return this.mapping(node.items, path);
    }
    return this.fail(node, path, 'unsupported YAML node');
  }

  private checkTag(node: Node, path: string, kind: string): void {
    if (node.tag !== undefined && node.tag !== `${TAG}${kind}`) {
      this.fail(node, path, `unsupported tag ${node.tag}`);
    }
  }

  private mapping(items: unknown[], path: string): PyDict {
    const merged: [string, PyValue][] = [];
    const own: [string, PyValue][] = [];
    for (const pair of items) {
      if (!yaml().isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      if (!this.json && yaml().isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.source === '<<') {
        // PyYAML's flatten_mapping: merged mappings come first, the first of a list wins.
        merged.push(...this.mergeSource(pair.value as Node | null, path));
        continue;
      }
      const key = keyNode === null ? 'None' : this.keyText(keyNode, path);
      own.push([key, this.value(pair.value as Node | null, path === '' ? key : `${path}.${key}`)]);
    }
    const dict: PyDict = {};
    for (const [key, value] of [...merged, ...own]) dict[key] = value;
    return dict;
  }

  private mergeSource(node: Node | null, path: string): [string, PyValue][] {
    const value = this.value(node, path === '' ? '<<' : `${path}.<<`);
    const sources = Array.isArray(value) ? [...value].reverse() : [value];
    const entries: [string, PyValue][] = [];
    for (const source of sources) {
      if (typeof source !== 'object' || source === null || Array.isArray(source)) {
        this.fail(node ?? undefined, path, 'a merge key (<<) needs a mapping or a list of mappings');
      }
      entries.push(...Object.entries(source));
    }
    return entries;
  }

  private keyText(node: Node, path: string): string {
    const key = this.value(node, path);
    if (typeof key === 'object' && key !== null) this.fail(node, path, 'a key must be a scalar');
    return pyStr(key);
  }

  private scalar(node: Scalar, path: string): PyValue {
    const text = String(node.value ?? '');
    const tag = node.tag;
    if (tag !== undefined && tag !== '!') return this.tagged(node, text, tag, path);
    if (node.type !== 'PLAIN' || tag === '!') return text;
    return this.json ? jsonScalar(text) : yamlScalar(text);
  }

  private tagged(node: Scalar, text: string, tag: string, path: string): PyValue {
    switch (tag) {
      case `${TAG}str`:
        return text;
      case `${TAG}null`:
        return null;
      case `${TAG}bool`:
        if (BOOL_TRUE.test(text)) return true;
        if (BOOL_FALSE.test(text)) return false;
        break;
      case `${TAG}int`:
        if (INT.test(text)) return yamlInt(text);
        break;
      case `${TAG}float`:
        if (FLOAT.test(text) || INT.test(text)) return yamlFloat(text);
        break;
      default:
        return this.fail(node, path, `unsupported tag ${tag}`);
    }
    return this.fail(node, path, `${JSON.stringify(text)} is not a valid ${tag.slice(TAG.length)}`);
  }
}

function jsonScalar(text: string): PyValue {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (JSON_INT.test(text)) return BigInt(text);
  return Number(text);
}

/** PyYAML's implicit resolvers for a plain scalar (YAML 1.1). */
export function yamlScalar(text: string): PyValue {
  if (BOOL_TRUE.test(text)) return true;
  if (BOOL_FALSE.test(text)) return false;
  if (NULL.test(text)) return null;
  if (FLOAT.test(text)) return yamlFloat(text);
  if (INT.test(text)) return yamlInt(text);
  return text;
}

function sexagesimal(digits: string): { whole: bigint; rest: string } {
  const parts = digits.split(':');
  let whole = 0n;
  for (const part of parts.slice(0, -1)) whole = whole * 60n + BigInt(part);
  return { whole, rest: parts[parts.length - 1] ?? '0' };
}

function yamlInt(source: string): bigint {
  let text = source.replace(/_/g, '');
  let sign = 1n;
  if (text.startsWith('-')) sign = -1n;
  if (text.startsWith('-') || text.startsWith('+')) text = text.slice(1);
  if (text === '0') return 0n;
  if (text.startsWith('0b')) return sign * BigInt(text);
  if (text.startsWith('0x')) return sign * BigInt(text);
  if (text.startsWith('0')) return sign * BigInt(`0o${text.slice(1)}`);
  if (text.includes(':')) {
    const { whole, rest } = sexagesimal(text);
    return sign * (whole * 60n + BigInt(rest));
  }
  return sign * BigInt(text);
}

function yamlFloat(source: string): number {
  let text = source.replace(/_/g, '').toLowerCase();
  let sign = 1;
  if (text.startsWith('-')) sign = -1;
  if (text.startsWith('-') || text.startsWith('+')) text = text.slice(1);
  if (text === '.inf') return sign * Number.POSITIVE_INFINITY;
  if (text === '.nan') return Number.NaN;
  if (text.includes(':')) {
    const { whole, rest } = sexagesimal(text);
    return sign * (Number(whole) * 60 + Number(rest));
  }
  return sign * Number(text);
}
