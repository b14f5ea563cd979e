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

/** The success document of `action`, with `version` in the namespace as the request sent it. */
export function renderResponse(
  action: string,
  version: string,
  requestId: string,
  result: ActionResult,
): string {
  const data: XmlObject = result === true ? { return: 'true' } : result;
  const root = `${action}Response`;
  const out: string[] = [
    `<${root} xmlns="${escapeAttribute(`http://ec2.amazonaws.com/doc/${version}/`)}">\n`,
  ];
  out.push(`  <requestId>${escapeText(requestId)}</requestId>\n`);
  renderChildren(out, data, 1);
  out.push(`</${root}>\n`);
  return out.join('');
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

function renderChildren(out: string[], data: XmlObject, depth: number): void {
  for (const name of Object.keys(data)) renderElement(out, name, data[name], depth);
}

function renderElement(out: string[], name: string, value: XmlValue, depth: number): void {
  const indent = '  '.repeat(depth);
  if (value === null || value === undefined) {
    out.push(`${indent}<${name}/>\n`);
  } else if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push(`${indent}<${name}/>\n`);
      return;
    }
    out.push(`${indent}<${name}>\n`);
    for (const item of value as readonly XmlValue[]) renderElement(out, 'item', item, depth + 1);
    out.push(`${indent}</${name}>\n`);
  } else if (value instanceof Date) {
    out.push(`${indent}<${name}>${value.toISOString()}</${name}>\n`);
  } else if (typeof value === 'object') {
    const object = value as XmlObject;
    if (Object.keys(object).length === 0) {
      out.push(`${indent}<${name}/>\n`);
      return;
    }
    out.push(`${indent}<${name}>\n`);
    renderChildren(out, object, depth + 1);
    out.push(`${indent}</${name}>\n`);
  } else {
    const text = String(value);
    if (text === '') {
      // lxml writes an element whose text is '' as an empty pair, not as <name/>.
      out.push(`${indent}<${name}></${name}>\n`);
    } else {
      out.push(`${indent}<${name}>${escapeText(text)}</${name}>\n`);
    }
  }
}

// XML 1.0 Char: what lxml accepts in text; anything else makes it raise ValueError.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Text content as lxml escapes it; text lxml cannot write fails as ec2-api fails (a 500). */
function escapeText(text: string): string {
  if (NOT_XML_CHAR.test(text)) {
    throw new Ec2Fault('ValueError', 'Unknown error occurred.', 500);
  }
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
