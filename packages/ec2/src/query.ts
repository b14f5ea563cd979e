/**
 * The EC2 Query serializer: an operation's input → `Action=…&Version=…&…`, as botocore's
 * `EC2Serializer` writes it, driven by the generated table (`INPUT_SHAPES`):
 *
 * - members in the order the caller's object gives them, under their wire name (`queryName`, else
 *   `locationName` capitalised, else the member name); `undefined` and `null` are not sent;
 * - lists always flattened, `Name.1`, `Name.2`, … (an empty list is not sent), structures dotted
 *   (`BlockDeviceMapping.1.Ebs.VolumeSize`);
 * - booleans `true`/`false`, numbers as JavaScript prints them (`NaN`, `Infinity` too), timestamps
 *   ISO 8601 in UTC (`2015-01-25T08:00:00Z`, milliseconds only when not zero), blobs and
 *   `RunInstances`' `UserData` base64 (strings as UTF-8);
 * - names and values percent-encoded per RFC 3986 (a space is `%20`), the form SigV2 signs.
 *
 * A value of the wrong type, a member the structure does not have and a missing required member
 * are `ParameterError`s naming the parameter, before anything is sent.
 */
import { ParameterError } from '@overcast/runtime/errors';
import { awsUriEncode } from '@overcast/runtime/signing-aws';
import {
  BLOB,
  BOOLEAN,
  FIRST_OWN_KIND,
  INTEGER,
  LIST,
  NUMBER,
  SCALAR_KINDS,
  STRING,
  STRUCTURE,
  TIMESTAMP,
} from './plan-kinds.js';
import type { Ec2Protocol, InputShape, InputType } from './protocol.js';

/** One parameter as sent, unencoded. */
export type QueryParam = [name: string, value: string];

/** A structure input: any object with the model's member names. */
export type QueryInput = object;

/**
 * The form body (or query string) of `operation` with `input`: `Action` and `Version` first, then
 * the input's parameters, RFC 3986-encoded.
 *
 * @throws ParameterError for an unknown operation or an input the model does not allow
 */
export function serializeQuery(protocol: Ec2Protocol, operation: string, input?: QueryInput | null): string {
  const sink = new EncodedSink();
  serializeInto(sink, protocol, operation, input);
  return sink.text;
}

/**
 * The same parameters as {@link serializeQuery}, unencoded, in the same order: what SigV2 signs
 * and adds its own parameters to.
 */
export function queryParams(
  protocol: Ec2Protocol,
  operation: string,
  input?: QueryInput | null,
): QueryParam[] {
  const sink = new PairSink();
  serializeInto(sink, protocol, operation, input);
  return sink.pairs;
}

/** `pairs` encoded as `name=value&…` (RFC 3986). */
export function encodeQueryParams(pairs: Iterable<readonly [string, string]>): string {
  let text = '';
  for (const [name, value] of pairs)
    text += `${text === '' ? '' : '&'}${awsUriEncode(name)}=${awsUriEncode(value)}`;
  return text;
}

interface Sink {
  add(name: string, value: string): void;
}

class EncodedSink implements Sink {
  text = '';
  add(name: string, value: string): void {
    // Wire names are checked to need no encoding when the plan is built.
    this.text += `${this.text === '' ? '' : '&'}${name}=${encodeValue(name, value)}`;
  }
}

class PairSink implements Sink {
  readonly pairs: QueryParam[] = [];
  add(name: string, value: string): void {
    this.pairs.push([name, value]);
  }
}

function encodeValue(name: string, value: string): string {
  try {
    return awsUriEncode(value);
  } catch {
    throw new ParameterError(`parameter ${name} holds a lone UTF-16 surrogate, which cannot be sent`);
  }
}

function serializeInto(
  sink: Sink,
  protocol: Ec2Protocol,
  operation: string,
  input: QueryInput | null | undefined,
) {
  const plans = plansOf(protocol);
  const op = Object.hasOwn(protocol.operations, operation) ? protocol.operations[operation] : undefined;
  if (op === undefined) throw new ParameterError(`unknown EC2 operation "${operation}"`);
  sink.add('Action', operation);
  sink.add('Version', protocol.apiVersion);
  const context: Context = { sink, operation };
  if (op.input === undefined) {
    if (input !== undefined && input !== null && Object.keys(input).length > 0) {
      throw new ParameterError(`${operation} takes no parameters`);
    }
    return;
  }
  const plan = plans.structure(op.input);
  if (input === undefined || input === null) {
    checkRequired(context, plan, {}, '');
    return;
  }
  writeStructure(context, plan, input, '');
}

interface Context {
  readonly sink: Sink;
  readonly operation: string;
}

// ---------------------------------------------------------------------------------------------
// Plans: the table linked once into objects, so that serializing looks nothing up by name twice.

/** A string member sent base64-encoded (`UserData`). */
const BASE64_STRING = FIRST_OWN_KIND;

/** A value's plan: its kind and, for a structure or list, what is inside. */
interface ValuePlan {
  readonly kind: number;
  /** For a structure. */
  structure: StructurePlan | undefined;
  /** For a list. */
  item: ValuePlan | undefined;
}

interface MemberPlan extends ValuePlan {
  readonly wire: string;
}

interface StructurePlan {
  readonly name: string;
  readonly members: Map<string, MemberPlan>;
  readonly required: readonly string[];
}

class Plans {
  readonly #structures = new Map<string, StructurePlan>();

  constructor(private readonly protocol: Ec2Protocol) {}

  structure(name: string): StructurePlan {
    const known = this.#structures.get(name);
    if (known !== undefined) return known;
    const shape: InputShape | undefined = Object.hasOwn(this.protocol.inputShapes, name)
      ? this.protocol.inputShapes[name]
      : undefined;
    if (shape === undefined) throw new ParameterError(`the EC2 table has no input structure "${name}"`);
    const plan: StructurePlan = { name, members: new Map(), required: shape.required ?? [] };
    // Cached before its members are linked, so recursive structures link to themselves.
    this.#structures.set(name, plan);
    for (const [member, spec] of Object.entries(shape.members)) {
      if (!/^[A-Za-z0-9_.~-]+$/.test(spec.wire)) {
        throw new ParameterError(
          `the EC2 table gives ${name}.${member} the wire name "${spec.wire}", which needs encoding`,
        );
      }
      plan.members.set(member, { wire: spec.wire, ...this.value(spec) });
    }
    return plan;
  }

  private value(spec: InputType): ValuePlan {
    if (spec.type === 'structure') {
      return { kind: STRUCTURE, structure: this.structure(spec.shape), item: undefined };
    }
    if (spec.type === 'list') return { kind: LIST, structure: undefined, item: this.value(spec.member) };
    const kind = 'base64' in spec && spec.base64 === true ? BASE64_STRING : SCALAR_KINDS[spec.type];
    if (kind === undefined) throw new ParameterError(`the EC2 table has an unknown type "${spec.type}"`);
    return { kind, structure: undefined, item: undefined };
  }
}

const plansByProtocol = new WeakMap<Ec2Protocol, Plans>();

function plansOf(protocol: Ec2Protocol): Plans {
  let plans = plansByProtocol.get(protocol);
  if (plans === undefined) {
    plans = new Plans(protocol);
    plansByProtocol.set(protocol, plans);
  }
  return plans;
}

// ---------------------------------------------------------------------------------------------
// Writing

function writeStructure(context: Context, plan: StructurePlan, value: unknown, prefix: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) {
    throw typeError(context, prefix === '' ? 'the input' : prefix, 'an object', value);
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const member = plan.members.get(key);
    if (member === undefined) throw unknownMember(context, plan, key, prefix);
    const memberValue = record[key];
    if (memberValue === undefined || memberValue === null) continue;
    writeValue(context, member, memberValue, prefix === '' ? member.wire : `${prefix}.${member.wire}`);
  }
  if (plan.required.length > 0) checkRequired(context, plan, record, prefix);
}

function checkRequired(
  context: Context,
  plan: StructurePlan,
  record: Record<string, unknown>,
  prefix: string,
): void {
  for (const name of plan.required) {
    if (record[name] === undefined || record[name] === null) {
      const where = prefix === '' ? '' : ` in ${prefix}`;
      throw new ParameterError(`${context.operation}: missing required parameter ${name}${where}`);
    }
  }
}

function writeValue(context: Context, plan: ValuePlan, value: unknown, name: string): void {
  const { sink } = context;
  switch (plan.kind) {
    case STRING:
      if (typeof value !== 'string') throw typeError(context, name, 'a string', value);
      sink.add(name, value);
      return;
    case INTEGER:
      if (typeof value !== 'number' || !Number.isSafeInteger(value))
        throw typeError(context, name, 'an integer', value);
      sink.add(name, String(value));
      return;
    case NUMBER:
      if (typeof value !== 'number') throw typeError(context, name, 'a number', value);
      sink.add(name, String(value));
      return;
    case BOOLEAN:
      if (typeof value !== 'boolean') throw typeError(context, name, 'a boolean', value);
      sink.add(name, value ? 'true' : 'false');
      return;
    case TIMESTAMP:
      sink.add(name, timestampText(context, name, value));
      return;
    case BLOB:
    case BASE64_STRING:
      sink.add(name, base64Text(context, name, value));
      return;
    case STRUCTURE:
      writeStructure(context, plan.structure as StructurePlan, value, name);
      return;
    case LIST: {
      if (!Array.isArray(value)) throw typeError(context, name, 'an array', value);
      const item = plan.item as ValuePlan;
      for (let i = 0; i < value.length; i++) {
        const element: unknown = value[i];
        if (element === undefined || element === null) {
          throw typeError(
            context,
            `${name}.${i + 1}`,
            'a value (lists cannot hold null or undefined)',
            element,
          );
        }
        writeValue(context, item, element, `${name}.${i + 1}`);
      }
      return;
    }
  }
}

/**
 * ISO 8601 in UTC, as botocore's `_timestamp_iso8601`: `YYYY-MM-DDTHH:MM:SSZ`, with milliseconds
 * only when there are some. A `Date`, epoch seconds (as botocore takes them) or a date string.
 */
function timestampText(context: Context, name: string, value: unknown): string {
  let ms: number;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'number') ms = value * 1000;
  else if (typeof value === 'string') ms = Date.parse(value);
  else throw typeError(context, name, 'a Date, epoch seconds or an ISO 8601 string', value);
  const date = new Date(ms);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 0 || date.getUTCFullYear() > 9999) {
    throw new ParameterError(`${context.operation}: ${name} is not a valid timestamp`);
  }
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}

function base64Text(context: Context, name: string, value: unknown): string {
  if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('base64');
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  throw typeError(context, name, 'a string or a Uint8Array', value);
}

function typeError(context: Context, name: string, expected: string, value: unknown): ParameterError {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  return new ParameterError(`${context.operation}: ${name} must be ${expected}, got ${got}`);
}

function unknownMember(context: Context, plan: StructurePlan, key: string, prefix: string): ParameterError {
  const names = [...plan.members.keys()];
  const shown = names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ');
  const where = prefix === '' ? plan.name : `${prefix} (${plan.name})`;
  return new ParameterError(
    `${context.operation}: unknown parameter ${JSON.stringify(key)} in ${where}; it takes ${shown || 'no members'}`,
  );
}
