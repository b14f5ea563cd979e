/** Reading request bodies with the runtime's safe parser: no DOCTYPE, no entity expansion. */
import { DecodeError } from '@overcast/runtime/errors';
import { childElements, parseXml, textOf, type XmlElement } from '@overcast/runtime/xml';
import type { SimulatorRequest } from '../types.js';
import { EngineFault } from './xml-out.js';

/**
 * The body's root element, which must be `<root>`. An empty body counts as `<root/>` when
 * `emptyAllowed` (actions may come without a body). Malformed XML or another root is a 400 fault.
 */
export function readBody(request: SimulatorRequest, root: string, emptyAllowed = false): XmlElement {
  if (request.text.trim() === '') {
    if (emptyAllowed) return { name: root, localName: root, attributes: {}, children: [] };
    throw new EngineFault(400, 'Bad Request', `The request body must be a <${root}> document; it is empty.`);
  }
  let element: XmlElement;
  try {
    element = parseXml(request.body);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    throw new EngineFault(400, 'Bad Request', `The request body is not well-formed XML: ${error.message}`);
  }
  if (element.localName !== root) {
    throw new EngineFault(
      400,
      'Bad Request',
      `The request body must be a <${root}> document, not <${element.localName}>.`,
    );
  }
  return element;
}

/** The element at a child path (`child(vm, 'cluster', 'name')`), or undefined. */
export function child(element: XmlElement, ...path: string[]): XmlElement | undefined {
  let current: XmlElement | undefined = element;
  for (const name of path) current = current === undefined ? undefined : childElements(current, name)[0];
  return current;
}

/** The text at a child path, or undefined when the element is missing. */
export function text(element: XmlElement, ...path: string[]): string | undefined {
  const found = child(element, ...path);
  return found === undefined ? undefined : textOf(found).trim();
}

/** The `id` attribute or `<id>` of the element at a path: the engine accepts references both ways. */
export function idAt(element: XmlElement, ...path: string[]): string | undefined {
  const found = child(element, ...path);
  return found === undefined ? undefined : (found.attributes.id ?? text(found, 'id'));
}

/** An integer member, or a 400 fault naming it when it is not one. */
export function integerAt(element: XmlElement, ...path: string[]): number | undefined {
  const value = text(element, ...path);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) {
    throw new EngineFault(
      400,
      'Invalid value',
      `Value '${value}' of '${path.join('.')}' isn't a valid integer.`,
    );
  }
  return Number(value);
}

/** A boolean member (`true`/`false`, any case), or a 400 fault naming it. */
export function booleanAt(element: XmlElement, ...path: string[]): boolean | undefined {
  const value = text(element, ...path)?.toLowerCase();
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') {
    throw new EngineFault(
      400,
      'Invalid value',
      `Value '${value}' of '${path.join('.')}' isn't a valid boolean.`,
    );
  }
  return value === 'true';
}
