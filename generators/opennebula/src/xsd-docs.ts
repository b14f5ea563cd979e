/**
 * OpenNebula's XSDs document their elements in XML comments, which the XML parser drops. Before
 * parsing, every comment inside the root becomes an `xs:annotation`/`xs:documentation` (which the
 * reader skips wherever it walks content); `attachDocs` then gives each text to its element:
 *
 * - a comment documents the element after it (`<!-- Consumption in kilobytes -->` then `MEMORY`);
 * - a comment starting `^^` documents the element before it, as host.xsd writes them. Where the
 *   `_FORECAST` and `_FORECAST_FAR` elements that 7.x added stand between an element and its `^^`
 *   comment (`FREE_CPU`, `FREE_CPU_FORECAST`, `FREE_CPU_FORECAST_FAR`, `<!-- ^^ … -->`), the comment
 *   still documents the element the forecasts are of.
 */
import { childElements, textOf, type XmlElement } from '@overcast/runtime/xml';
import type { XsdElement } from './ir.js';

/** `text` with each comment inside the root element turned into an `xs:documentation`. */
export function commentsAsDocumentation(text: string): string {
  const rootStart = /<[A-Za-z_]/.exec(text.replace(/<!--[\s\S]*?-->/g, (c) => ' '.repeat(c.length)));
  if (!rootStart) return text;
  const head = text.slice(0, rootStart.index);
  const body = text
    .slice(rootStart.index)
    .replace(
      /<!--([\s\S]*?)-->/g,
      (_, comment: string) =>
        `<xs:annotation><xs:documentation>${escapeText(comment)}</xs:documentation></xs:annotation>`,
    );
  return head + body;
}

function escapeText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The documentation an `xs:annotation` holds, or undefined for another node. */
export function annotationText(node: XmlElement): string | undefined {
  if (node.localName !== 'annotation') return undefined;
  const texts = childElements(node, 'documentation').map((d) => textOf(d).trim());
  const text = texts.filter((t) => t !== '').join('\n');
  return text === '' ? undefined : text;
}

/**
 * Gives the annotations among `nodes` (one content model's children, in order) to the elements
 * they document; `elementOf` is the element a node added, undefined for anything else.
 */
export function attachDocs(
  nodes: readonly XmlElement[],
  elementOf: (node: XmlElement) => XsdElement | undefined,
): void {
  const before: XsdElement[] = [];
  let pending: string | undefined;
  for (const node of nodes) {
    const text = annotationText(node);
    if (text?.startsWith('^^')) {
      const target = documentedBefore(before);
      if (target) addDoc(target, text.slice(2));
    } else if (text !== undefined) {
      pending = text;
    } else {
      const element = elementOf(node);
      if (element && pending !== undefined) addDoc(element, pending);
      if (element) before.push(element);
      pending = undefined;
    }
  }
}

function documentedBefore(elements: readonly XsdElement[]): XsdElement | undefined {
  for (let i = elements.length - 1; i >= 0; i--) {
    const name = (elements[i] as XsdElement).name;
    const base = /^(.+?)_FORECAST(?:_FAR)?$/.exec(name)?.[1];
    if (base === undefined || !elements.some((e) => e.name === base)) return elements[i];
  }
  return undefined;
}

function addDoc(element: XsdElement, text: string): void {
  const cleaned = text.trim();
  if (cleaned === '') return;
  element.doc = element.doc === undefined ? cleaned : `${element.doc}\n\n${cleaned}`;
}
