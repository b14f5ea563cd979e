/**
 * EC2 error answers:
 *
 * ```xml
 * <Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>…</Message></Error></Errors>
 * <RequestID>ea966190-…</RequestID></Response>
 * ```
 *
 * as EC2, OpenStack ec2-api (`faults.ec2_error_response`) and the Smithy `ec2Query` protocol tests
 * write them — `RequestID` here, `requestId` in successes. The AWS Query form
 * (`<ErrorResponse><Error>…</Error><RequestId>…`) some compatible endpoints send reads too.
 */
import { DecodeError } from '@overcast/runtime/errors';
import {
  localNameOf,
  type ParseXmlOptions,
  scanXml,
  type XmlEventHandler,
  type XmlStartTag,
} from '@overcast/runtime/xml';

/** One `<Error>` of an error answer. */
export interface Ec2ErrorEntry {
  code: string;
  message: string;
}

/** An error answer: its first error, every error, and the request id. */
export interface Ec2ErrorResponse extends Ec2ErrorEntry {
  requestId: string | undefined;
  /** Every `<Error>` in order (EC2 sends one; the format allows several). */
  errors: Ec2ErrorEntry[];
}

/** Default limit on an error body: error answers are small, and one that is not is not one. */
const ERROR_MAX_BYTES = 1024 * 1024;

/**
 * Reads an EC2 error answer, or returns undefined when `body` is not one (not XML, an HTML page,
 * no `<Error>` with a `<Code>`): the caller then reports the HTTP status alone.
 */
export function readErrorResponse(
  body: string | Uint8Array,
  options: ParseXmlOptions = {},
): Ec2ErrorResponse | undefined {
  try {
    return parseErrorResponse(body, options);
  } catch (error) {
    if (error instanceof DecodeError) return undefined;
    throw error;
  }
}

/**
 * Reads an EC2 error answer like {@link readErrorResponse}, but a body that is not well-formed XML
 * (truncated, a DOCTYPE, larger than `maxBytes`) is a `DecodeError` rather than `undefined`.
 *
 * @throws DecodeError when the body cannot be read as XML
 */
export function parseErrorResponse(
  body: string | Uint8Array,
  options: ParseXmlOptions = {},
): Ec2ErrorResponse | undefined {
  const reader = new ErrorReader();
  scanXml(body, reader, { maxBytes: options.maxBytes ?? ERROR_MAX_BYTES });
  const [first] = reader.errors;
  if (first === undefined) return undefined;
  return { code: first.code, message: first.message, requestId: reader.requestId, errors: reader.errors };
}

/** Collects `Error/Code`, `Error/Message` and `RequestID`/`RequestId` wherever they are. */
class ErrorReader implements XmlEventHandler {
  readonly errors: Ec2ErrorEntry[] = [];
  requestId: string | undefined;
  readonly #path: string[] = [];
  #text = '';
  #current: { code?: string; message?: string } | undefined;

  open(tag: XmlStartTag): void {
    const name = localNameOf(tag.name);
    this.#path.push(name);
    this.#text = '';
    if (name === 'Error') this.#current = {};
  }

  text(data: string): void {
    this.#text += data;
  }

  close(): void {
    const name = this.#path.pop() as string;
    const parent = this.#path.at(-1);
    const text = this.#text;
    this.#text = '';
    if (name === 'Error' && this.#current !== undefined) {
      if (this.#current.code !== undefined) {
        this.errors.push({ code: this.#current.code, message: this.#current.message ?? '' });
      }
      this.#current = undefined;
    } else if (parent === 'Error' && this.#current !== undefined) {
      if (name === 'Code') this.#current.code = text.trim();
      else if (name === 'Message') this.#current.message = text.trim();
    } else if ((name === 'RequestID' || name === 'RequestId') && this.#path.length <= 2) {
      this.requestId = text.trim();
    }
  }
}
