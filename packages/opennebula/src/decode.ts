/**
 * XML answers → typed objects, driven by the generated shapes: integers and decimals become
 * numbers, repeatable elements always arrays (empty when absent), TEMPLATE-like elements plain
 * objects (see template-types.ts). Elements the XSD does not declare are ignored outside templates,
 * as a newer server may add them; inside templates everything is kept.
 *
 * Decoding streams: `scanXml`'s events fill the objects in one pass (decode-stream.ts), with no
 * element tree in between. A document that is not well-formed fails as such even when the decoder
 * found a bad value first, as when the whole document was parsed before decoding.
 */
import { scanXml, type XmlElement, type XmlEventHandler } from '@overcast/runtime/xml';
import { StreamDecoder, templateOf } from './decode-stream.js';
import type { Template } from './template-types.js';

/** Decodes the XML document `xml`, whose root must be `root`, as the generated type `typeName`. */
export function decodeDocument(xml: string, typeName: string, root: string): unknown {
  return decodeWith(xml, new StreamDecoder(root, typeName));
}

/** Decodes an XML document no XSD describes (quotas, SQL answers) as a free-form object. */
export function decodeUntyped(xml: string, root: string): Template {
  return decodeWith(xml, new StreamDecoder(root, undefined)) as Template;
}

/** A template element as an object: vectors always arrays of objects, single attributes strings. */
export function decodeTemplate(element: XmlElement, path: string): Template {
  return templateOf(element, path);
}

const IGNORE: XmlEventHandler = { open() {}, close() {}, text() {} };

function decodeWith(xml: string, decoder: StreamDecoder): unknown {
  try {
    scanXml(xml, decoder);
  } catch (error) {
    if (decoder.failure === undefined || error !== decoder.failure) throw error;
    // The decoder stopped at a bad value: the rest of the document's own errors come first.
    scanXml(xml, IGNORE);
    throw error;
  }
  return decoder.result();
}
