/**
 * XML-RPC value encoding: JavaScript values → `<value>…</value>` markup. The mapping is documented
 * on the public `xmlrpc` module. Anything that cannot be sent faithfully (characters XML 1.0 cannot
 * carry, integers beyond 64 bits, invalid dates, cycles, class instances) is refused with a
 * `ParameterError` naming where in the parameters it sits, before anything goes on the wire.
 */
import { ParameterError } from './errors.js';
import { describeCodeUnit, findInvalidXmlChar } from './xml-chars.js';
import { escapeXmlText } from './xml-text.js';
import { MAX_XMLRPC_NESTING, type XmlRpcInput } from './xmlrpc-types.js';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** Numbers strictly inside ±2^63 are integers an `<i8>` can carry. */
const INT64_LIMIT = 2 ** 63;

/** Appends the `<value>` markup of `value` to `out`; `path` names the value in error messages. */
export function encodeValue(value: XmlRpcInput, path: string, out: string[]): void {
  new ValueEncoder(out).value(value, path, 0);
}

/** Escapes a string that goes into element content (method names, fault strings, member names). */
export function encodeText(text: string, path: string): string {
  const invalid = findInvalidXmlChar(text);
  if (invalid !== -1) {
    throw refuse(
      path,
      `the string has ${describeCodeUnit(text, invalid)} at index ${invalid}, which XML 1.0 cannot carry`,
    );
  }
  return escapeXmlText(text);
}

class ValueEncoder {
  /** Containers being encoded, to refuse cycles instead of recursing forever. */
  private readonly open = new Set<object>();

  constructor(private readonly out: string[]) {}

  value(value: XmlRpcInput, path: string, depth: number): void {
    const out = this.out;
    switch (typeof value) {
      case 'string':
        out.push('<value><string>', encodeText(value, path), '</string></value>');
        return;
      case 'number':
        out.push('<value>', encodeNumber(value), '</value>');
        return;
      case 'bigint':
        if (value < INT64_MIN || value > INT64_MAX)
          throw refuse(path, `${value} does not fit in a 64-bit <i8>`);
        out.push('<value><i8>', value.toString(), '</i8></value>');
        return;
      case 'boolean':
        out.push(value ? '<value><boolean>1</boolean></value>' : '<value><boolean>0</boolean></value>');
        return;
      case 'undefined':
        out.push('<value><nil/></value>');
        return;
      case 'object':
        if (value === null) {
          out.push('<value><nil/></value>');
        } else if (value instanceof Date) {
          out.push('<value><dateTime.iso8601>', encodeDate(value, path), '</dateTime.iso8601></value>');
        } else if (value instanceof Uint8Array) {
          const base64 = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
          out.push('<value><base64>', base64, '</base64></value>');
        } else {
          this.container(value, path, depth);
        }
        return;
      default:
        throw refuse(path, `a ${typeof value} has no XML-RPC representation`);
    }
  }

  private container(value: object, path: string, depth: number): void {
    if (depth >= MAX_XMLRPC_NESTING) throw refuse(path, `nesting is deeper than ${MAX_XMLRPC_NESTING}`);
    if (this.open.has(value)) throw refuse(path, 'the value contains itself');
    this.open.add(value);
    if (Array.isArray(value)) {
      this.array(value as readonly XmlRpcInput[], path, depth);
    } else if (isPlainObject(value)) {
      this.struct(value as { readonly [member: string]: XmlRpcInput }, path, depth);
    } else {
      throw refuse(path, `a ${value.constructor?.name ?? 'object'} is neither a plain object nor an array`);
    }
    this.open.delete(value);
  }

  private array(items: readonly XmlRpcInput[], path: string, depth: number): void {
    this.out.push('<value><array><data>');
    for (let i = 0; i < items.length; i++) this.value(items[i], `${path}[${i}]`, depth + 1);
    this.out.push('</data></array></value>');
  }

  private struct(members: { readonly [member: string]: XmlRpcInput }, path: string, depth: number): void {
    this.out.push('<value><struct>');
    for (const name of Object.keys(members)) {
      const memberPath = memberPathOf(path, name);
      this.out.push('<member><name>', encodeText(name, memberPath), '</name>');
      this.value(members[name], memberPath, depth + 1);
      this.out.push('</member>');
    }
    this.out.push('</struct></value>');
  }
}

/** Integers go as `<int>` when they fit in 32 bits, `<i8>` up to 64 bits; anything else is a `<double>`. */
function encodeNumber(value: number): string {
  if (Number.isInteger(value)) {
    if (value >= INT32_MIN && value <= INT32_MAX) return `<int>${value === 0 ? 0 : value}</int>`;
    if (Math.abs(value) < INT64_LIMIT) return `<i8>${BigInt(value)}</i8>`;
  }
  // Python's float() and repr() spell the non-finite values this way; XML-RPC itself has no spelling.
  if (Number.isNaN(value)) return '<double>nan</double>';
  if (value === Number.POSITIVE_INFINITY) return '<double>inf</double>';
  if (value === Number.NEGATIVE_INFINITY) return '<double>-inf</double>';
  return `<double>${Object.is(value, -0) ? '-0' : value}</double>`;
}

/**
 * `YYYYMMDDTHH:MM:SS` in UTC: the form of the XML-RPC spec, and the only one Python's
 * `xmlrpc.client` parses. Milliseconds are dropped: the format has no place for them.
 */
function encodeDate(date: Date, path: string): string {
  const time = date.getTime();
  if (Number.isNaN(time)) throw refuse(path, 'the Date is invalid');
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999)
    throw refuse(path, `year ${year} does not fit the 4 digits of dateTime.iso8601`);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${String(year).padStart(4, '0')}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}` +
    `T${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`
  );
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function memberPathOf(path: string, name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
}

function refuse(path: string, reason: string): ParameterError {
  return new ParameterError(`Cannot encode ${path} as XML-RPC: ${reason}`);
}
