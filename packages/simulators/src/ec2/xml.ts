/**
 * The EC2 simulator's XML, written as ec2-api writes it: `ec2utils.dict_to_xml` under
 * `<{Action}Response xmlns="http://ec2.amazonaws.com/doc/{Version}/">` with `requestId` first,
 * pretty-printed by lxml (two-space indent, no XML declaration), lists as `item` children,
 * booleans lower-case, dates `YYYY-MM-DDTHH:MM:SS.mmmZ`, absent values as empty elements; errors
 * as `faults.ec2_error_response` builds them, byte for byte.
 */
import { Ec2Fault } from './errors.js';

/** A value as ec2-api's formatters produce it (Python dicts, lists, scalars, None). */
export type XmlValue = string | number | boolean | Date | null | undefined | readonly XmlValue[] | XmlObject;
export interface XmlObject {
  readonly [name: string]: XmlValue;
}

/** What an action answers: an object under the response element, or `true` (`<return>true</return>`). */
export type ActionResult = XmlObject | true;

/** A success document but for its request id, which `withRequestId` puts in. */
export interface RenderedAnswer {
  /** The root's start tag. */
  readonly start: string;
  /** What follows the request id, to the end. */
  readonly rest: string;
}

/** The success document of `action`, with `version` in the namespace as the request sent it, but for its request id. */
export function renderAnswer(action: string, version: string, result: ActionResult): RenderedAnswer {
  const data: XmlObject = result === true ? { return: 'true' } : result;
  const root = `${action}Response`;
  // One string grown by `+=` (V8 joins the pieces lazily): pages of a thousand instances are
  // tens of thousands of elements, and an array of pieces doubled the simulator's garbage.
  const rest = renderChildren('', data, 1);
  return {
    start: `<${root} xmlns="${escapeAttribute(`http://ec2.amazonaws.com/doc/${version}/`)}">\n`,
    rest: `${rest}</${root}>\n`,
  };
}

/** The document `answer` stands for, with `requestId` first under the root (as ec2-api puts it). */
export function withRequestId(answer: RenderedAnswer, requestId: string): string {
  return `${answer.start}  <requestId>${escapeText(requestId)}</requestId>\n${answer.rest}`;
}

/** ec2-api's error document (`faults.ec2_error_response`), with `xhtml_escape`d fields. */
export function renderError(code: string, message: string, requestId: string): string {
  return (
    '<?xml version="1.0"?>\n' +
    `<Response><Errors><Error><Code>${xhtmlEscape(code)}</Code>` +
    `<Message>${xhtmlEscape(message)}</Message></Error></Errors>` +
    `<RequestID>${xhtmlEscape(requestId)}</RequestID></Response>`
  );
}

/** Two spaces a level, as lxml's pretty printer writes them. */
const indents: string[] = [];
function indentOf(depth: number): string {
  indents[depth] ??= '  '.repeat(depth);
  return indents[depth];
}

function renderChildren(out: string, data: XmlObject, depth: number): string {
  let text = out;
  for (const name of Object.keys(data)) text = renderElement(text, name, data[name], depth);
  return text;
}

function renderElement(out: string, name: string, value: XmlValue, depth: number): string {
  const indent = indentOf(depth);
  if (value === null || value === undefined) return `${out}${indent}<${name}/>\n`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${out}${indent}<${name}/>\n`;
    let text = `${out}${indent}<${name}>\n`;
    for (const item of value as readonly XmlValue[]) text = renderElement(text, 'item', item, depth + 1);
    return `${text}${indent}</${name}>\n`;
  }
  if (value instanceof Date) return `${out}${indent}<${name}>${value.toISOString()}</${name}>\n`;
  if (typeof value === 'object') {
    const object = value as XmlObject;
    if (Object.keys(object).length === 0) return `${out}${indent}<${name}/>\n`;
    const text = renderChildren(`${out}${indent}<${name}>\n`, object, depth + 1);
    return `${text}${indent}</${name}>\n`;
  }
  const text = String(value);
  // lxml writes an element whose text is '' as an empty pair, not as <name/>.
  if (text === '') return `${out}${indent}<${name}></${name}>\n`;
  return `${out}${indent}<${name}>${escapeText(text)}</${name}>\n`;
}

// XML 1.0 Char: what lxml accepts in text; anything else makes it raise ValueError.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const MARKUP_CHAR = /[&<>]/;

/** Text content as lxml escapes it; text lxml cannot write fails as ec2-api fails (a 500). */
function escapeText(text: string): string {
  if (NOT_XML_CHAR.test(text)) {
    throw new Ec2Fault('ValueError', 'Unknown error occurred.', 500);
  }
  if (!MARKUP_CHAR.test(text)) return text;
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}

/** `saxutils.escape(value, {'"': '&quot;', "'": '&apos;'})`. */
function xhtmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}
