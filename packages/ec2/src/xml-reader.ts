/**
 * EC2 response XML → typed objects, in one pass over `scanXml`'s events, driven by the generated
 * table (`OUTPUT_SHAPES`): no element tree is built.
 *
 * As botocore's `EC2QueryParser` reads it: the root element (`<RunInstancesResponse>`, whatever its
 * name) is the output structure itself; each child element fills the member whose `locationName`
 * (else name) it has; a list's child elements are its items whatever their name (`<item>` from EC2
 * and ec2-api, `<member>` elsewhere); `requestId` under the root is the request id. Elements the
 * model does not know are skipped, so a newer server's answers read. An empty list element is an
 * empty array; an absent one leaves the member unset.
 *
 * Scalars: strings as they are (an empty element is `''`), integers and floats as numbers (`NaN`,
 * `Infinity` and `-Infinity` spelled out), booleans `true` only for `true`, timestamps as `Date`
 * (ISO 8601, or epoch seconds), blobs as bytes from base64. An empty number, boolean or timestamp
 * element leaves the member unset; text that is not a number or a date is a `DecodeError` naming
 * the element's path.
 *
 * It runs once per element of answers of thousands of instances, so it avoids work per element:
 * frames are reused per depth, the table is linked into plans once, and member names are matched
 * with one map lookup.
 */
import { DecodeError } from '@overcast/runtime/errors';
import type { BodySink } from '@overcast/runtime/http';
import {
  type CheckedXmlText,
  emptyArrayOfObjects,
  localNameOf,
  type ParseXmlOptions,
  scanXml,
  type XmlEventHandler,
  type XmlStartTag,
  XmlStream,
} from '@overcast/runtime/xml';
import {
  BLOB,
  BOOLEAN,
  INTEGER,
  LIST,
  NUMBER,
  SCALAR_KINDS,
  STRING,
  STRUCTURE,
  TIMESTAMP,
} from './plan-kinds.js';
import type { Ec2Protocol, OutputShape, OutputType } from './protocol.js';

/** A read answer: the output, the request id the server gave it, and its root element's local name. */
export interface Ec2Response<TOutput = Record<string, unknown>> {
  output: TOutput;
  requestId: string | undefined;
  /** `DescribeInstancesResponse` (without a prefix): the client checks it names the operation. */
  root: string;
}

/**
 * Reads the XML answer of `operation` into its output type.
 *
 * @throws DecodeError when the body is not well-formed XML (or larger than `maxBytes`), or a value
 *   cannot be read as its type
 */
export function readResponse<TOutput = Record<string, unknown>>(
  protocol: Ec2Protocol,
  operation: string,
  body: string | Uint8Array | CheckedXmlText,
  options: ParseXmlOptions = {},
): Ec2Response<TOutput> {
  const reader = readerFor(protocol, operation);
  if (typeof body === 'string' || body instanceof Uint8Array) scanXml(body, reader, options);
  else body.scan(reader, options);
  return reader.response() as Ec2Response<TOutput>;
}

/** What `responseSink` gives: the read answer, and the whole body when it was an error document. */
export interface StreamedResponse extends Ec2Response {
  /** The body, kept only when the root is `Response`/`ErrorResponse` (an error, which is small). */
  errorBody?: string;
}

/**
 * `readResponse` as the answer arrives (an `HttpRequest.sink`): the body is not held, except while
 * its root is unknown or names an error document (EC2 may answer an error with HTTP 200), which
 * the caller then reads with `parseErrorResponse`.
 */
export function responseSink(
  protocol: Ec2Protocol,
  operation: string,
  options: ParseXmlOptions = {},
): BodySink {
  const reader = readerFor(protocol, operation);
  const stream = new XmlStream(reader, options);
  let kept: Buffer[] | undefined = [];
  return {
    write(chunk) {
      kept?.push(Buffer.from(chunk));
      stream.write(chunk);
      if (reader.root !== '' && !ERROR_ROOTS.has(reader.root)) kept = undefined;
    },
    end(): StreamedResponse {
      stream.end();
      const read = reader.response();
      return kept === undefined ? read : { ...read, errorBody: Buffer.concat(kept).toString('utf8') };
    },
  };
}

/** The roots of EC2's error documents. */
const ERROR_ROOTS = new Set(['Response', 'ErrorResponse']);

function readerFor(protocol: Ec2Protocol, operation: string): ResponseReader {
  const op = Object.hasOwn(protocol.operations, operation) ? protocol.operations[operation] : undefined;
  if (op === undefined) throw new DecodeError(`unknown EC2 operation "${operation}"`);
  return new ResponseReader(plansOf(protocol).root(op.output));
}

// ---------------------------------------------------------------------------------------------
// Plans

/**
 * Where the root's `requestId` is kept while the answer is read: a member of the root object like
 * any other, so that no element of an answer takes a path of its own (see `ResponseReader`).
 */
const REQUEST_ID_KEY = Symbol('requestId');

/** How one element is read. */
interface FieldPlan {
  /** The member it fills (empty for a list item). */
  readonly key: string | symbol;
  readonly kind: number;
  /** For a structure. */
  structure: StructurePlan | undefined;
  /** For a list: how its items are read. */
  item: FieldPlan | undefined;
}

interface StructurePlan {
  readonly name: string;
  readonly fields: Map<string, FieldPlan>;
}

const REQUEST_ID_FIELD: FieldPlan = {
  key: REQUEST_ID_KEY,
  kind: STRING,
  structure: undefined,
  item: undefined,
};

class Plans {
  readonly #structures = new Map<string, StructurePlan>();
  readonly #roots = new Map<string | undefined, FieldPlan>();

  constructor(private readonly protocol: Ec2Protocol) {}

  /**
   * How an operation's root element is read: its output structure (none: an empty one), with
   * `requestId` as one more field unless the model has a member of that name.
   */
  root(output: string | undefined): FieldPlan {
    let root = this.#roots.get(output);
    if (root === undefined) {
      const structure = output === undefined ? undefined : this.structure(output);
      const fields = new Map(structure?.fields);
      if (!fields.has('requestId')) fields.set('requestId', REQUEST_ID_FIELD);
      root = {
        key: '',
        kind: STRUCTURE,
        structure: { name: output ?? '(no output)', fields },
        item: undefined,
      };
      this.#roots.set(output, root);
    }
    return root;
  }

  structure(name: string): StructurePlan {
    const known = this.#structures.get(name);
    if (known !== undefined) return known;
    const shape: OutputShape | undefined = Object.hasOwn(this.protocol.outputShapes, name)
      ? this.protocol.outputShapes[name]
      : undefined;
    if (shape === undefined) throw new DecodeError(`the EC2 table has no output structure "${name}"`);
    const plan: StructurePlan = { name, fields: new Map() };
    // Cached before its fields are linked, so recursive structures link to themselves.
    this.#structures.set(name, plan);
    for (const [element, spec] of Object.entries(shape)) {
      plan.fields.set(element, this.field(spec.member, spec));
    }
    return plan;
  }

  private field(key: string, spec: OutputType): FieldPlan {
    if (spec.type === 'structure') {
      return { key, kind: STRUCTURE, structure: this.structure(spec.shape), item: undefined };
    }
    if (spec.type === 'list') {
      return { key, kind: LIST, structure: undefined, item: this.field('', spec.item) };
    }
    const kind = SCALAR_KINDS[spec.type];
    if (kind === undefined) throw new DecodeError(`the EC2 table has an unknown type "${spec.type}"`);
    return { key, kind, structure: undefined, item: undefined };
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
// Reading

/** An open element being read. One per depth, reused for every element at that depth. */
class Frame {
  /** The element's name, for error paths. */
  name = '';
  plan: FieldPlan | undefined = undefined;
  /** For a structure. */
  structure: StructurePlan | undefined = undefined;
  /** The object (structure) or array (list) being filled. */
  target: Record<string, unknown> | unknown[] | undefined = undefined;
  text = '';
}

/**
 * Reads one answer. The document itself is the bottom frame, a list whose one item is the root
 * element, and the root's `requestId` is one of its fields: the root and its request id go through
 * the same code as every other element. V8 compiles these methods for the elements it has seen; a
 * path taken once per answer would be one it had not seen, and taking it would throw away the
 * compiled tokenizer at the start and end of the next answers (about twice the time of a warm page
 * for the second of a listing's pages).
 */
class ResponseReader implements XmlEventHandler {
  readonly #frames: Frame[];
  /** The document's items: its root, once read. */
  readonly #document = emptyArrayOfObjects<Record<string | symbol, unknown>>();
  #depth = 1;
  /** How deep inside elements being skipped. */
  #skipping = 0;

  constructor(root: FieldPlan) {
    const document = new Frame();
    document.plan = { key: '', kind: LIST, structure: undefined, item: root };
    document.target = this.#document;
    this.#frames = [document];
  }

  /** The root element's local name; empty until it has started. */
  get root(): string {
    const frame = this.#frames[1];
    return frame === undefined ? '' : localNameOf(frame.name);
  }

  /** The answer read, once the document has ended. */
  response(): Ec2Response {
    const root = this.#document[0];
    if (root === undefined) throw new DecodeError('Malformed XML: the document has no root element');
    const { [REQUEST_ID_KEY]: requestId, ...output } = root;
    return {
      output,
      requestId: typeof requestId === 'string' ? requestId.trim() : undefined,
      root: this.root,
    };
  }

  open(tag: XmlStartTag): void {
    if (this.#skipping > 0) {
      this.#skipping++;
      return;
    }
    const parent = this.#frames[this.#depth - 1] as Frame;
    const structure = parent.structure;
    if (structure !== undefined) {
      let field = structure.fields.get(tag.name);
      if (field === undefined && tag.name.includes(':')) field = structure.fields.get(localNameOf(tag.name));
      if (field === undefined) this.#skipping = 1;
      else this.#open(tag.name, field);
      return;
    }
    const plan = parent.plan as FieldPlan;
    if (plan.kind === LIST) {
      this.#open(tag.name, plan.item as FieldPlan);
      return;
    }
    // An element inside a text value: its text is the value's (as botocore reads `node.text`).
    this.#skipping = 1;
  }

  /** Text is a value's only inside a scalar's element (not between a structure's or a list's elements). */
  get wantsText(): boolean {
    if (this.#skipping > 0) return false;
    const frame = this.#frames[this.#depth - 1] as Frame;
    return frame.structure === undefined && frame.plan?.kind !== LIST;
  }

  /** Called only where `wantsText` holds (the tokenizer's promise). */
  text(data: string): void {
    (this.#frames[this.#depth - 1] as Frame).text += data;
  }

  close(): void {
    if (this.#skipping > 0) {
      this.#skipping--;
      return;
    }
    const depth = this.#depth;
    const frame = this.#frames[depth - 1] as Frame;
    this.#depth = depth - 1;
    const plan = frame.plan as FieldPlan;
    const value =
      plan.kind === STRUCTURE || plan.kind === LIST ? frame.target : this.#scalar(frame, plan.kind);
    frame.target = undefined;
    if (value === undefined) return;
    const parent = this.#frames[depth - 2] as Frame;
    if (parent.structure !== undefined) (parent.target as Record<string | symbol, unknown>)[plan.key] = value;
    else (parent.target as unknown[]).push(value);
  }

  #open(name: string, plan: FieldPlan): Frame {
    const frame = this.#push(name, plan);
    if (plan.kind === STRUCTURE) {
      frame.structure = plan.structure;
      frame.target = {};
    } else if (plan.kind === LIST) {
      frame.target = [];
    }
    return frame;
  }

  #push(name: string, plan: FieldPlan | undefined): Frame {
    let frame = this.#frames[this.#depth];
    if (frame === undefined) {
      frame = new Frame();
      this.#frames[this.#depth] = frame;
    }
    this.#depth++;
    frame.name = name;
    frame.plan = plan;
    frame.structure = undefined;
    frame.target = undefined;
    frame.text = '';
    return frame;
  }

  #scalar(frame: Frame, kind: number): unknown {
    const text = frame.text;
    switch (kind) {
      case STRING:
        return text;
      case INTEGER: {
        const trimmed = text.trim();
        if (trimmed === '') return undefined;
        const value = Number(trimmed);
        if (!Number.isInteger(value) || !/^[+-]?\d+$/.test(trimmed))
          throw this.#fail(frame, 'an integer', text);
        return value;
      }
      case NUMBER: {
        const trimmed = text.trim();
        if (trimmed === '') return undefined;
        const value = Number(trimmed);
        if (Number.isNaN(value) && trimmed !== 'NaN') throw this.#fail(frame, 'a number', text);
        return value;
      }
      case BOOLEAN: {
        const trimmed = text.trim();
        return trimmed === '' ? undefined : trimmed === 'true';
      }
      case TIMESTAMP: {
        const trimmed = text.trim();
        if (trimmed === '') return undefined;
        const ms = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed);
        if (Number.isNaN(ms)) throw this.#fail(frame, 'a timestamp', text);
        return new Date(ms);
      }
      case BLOB: {
        const bytes = Buffer.from(text.trim(), 'base64');
        return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      }
      default:
        return text;
    }
  }

  #fail(frame: Frame, expected: string, text: string): DecodeError {
    const path = this.#frames
      .slice(1, this.#depth + 1)
      .map((f) => f.name)
      .join('/');
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    return new DecodeError(
      `EC2 response: <${frame.name}> at ${path} should hold ${expected}, not ${JSON.stringify(shown)}`,
    );
  }
}
