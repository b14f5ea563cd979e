/**
 * The parsers the XML benchmark compares, each configured as it would be used to get a tree, and
 * the probes that establish — by running them, not from documentation — whether each is safe
 * (never expands DTD entities) and strict (rejects malformed documents).
 */
import { createRequire } from 'node:module';
import { parseXml } from '@overcast/runtime/xml';
import { decodeMethodResponse } from '@overcast/runtime/xmlrpc';
import { parseXml as parseXmlRgrove } from '@rgrove/parse-xml';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DomUtils, parseDocument } from 'htmlparser2';
import { SaxesParser } from 'saxes';
import { parse as parseTxml, type TNode } from 'txml/txml';

/** What a candidate's result must answer, so the bench can check it did the whole job. */
export interface Parsed {
  /** Number of VM elements under the root (for the pool document). */
  vms(): number;
  /** All text of the result, to see whether an entity was expanded. */
  text(): string;
}

export interface Candidate {
  name: string;
  /** A third-party parser measured as is (the baseline for ratios), rather than one of ours. */
  raw: boolean;
  parse(xml: string): Parsed;
  /** The library's default configuration, when the one measured differs: probed for the record. */
  defaults?: Candidate;
}

/** A minimal element tree for the event-based parsers, built the way `parseXml` builds its own. */
interface Element {
  name: string;
  attributes: Record<string, string>;
  children: (Element | string)[];
}

class TreeBuilder {
  readonly document: Element = { name: '#document', attributes: {}, children: [] };
  private readonly stack: Element[] = [this.document];

  open(name: string, attributes: Record<string, string>): void {
    const element: Element = { name, attributes, children: [] };
    this.stack.at(-1)?.children.push(element);
    this.stack.push(element);
  }

  close(): void {
    this.stack.pop();
  }

  text(data: string): void {
    const children = this.stack.at(-1)?.children;
    if (children === undefined) return;
    if (typeof children.at(-1) === 'string') children[children.length - 1] += data;
    else children.push(data);
  }

  parsed(): Parsed {
    const root = this.document.children.find((child): child is Element => typeof child !== 'string');
    return {
      vms: () =>
        root?.children.filter((child) => typeof child !== 'string' && child.name === 'VM').length ?? 0,
      text: () => JSON.stringify(this.document),
    };
  }
}

/** sax ships no types; this is the part of its API the bench uses. */
interface SaxParser {
  onopentag: (tag: { name: string; attributes: Record<string, string> }) => void;
  onclosetag: () => void;
  ontext: (text: string) => void;
  oncdata: (text: string) => void;
  onerror: (error: Error) => void;
  write(xml: string): SaxParser;
  close(): SaxParser;
}
const sax = createRequire(import.meta.url)('sax') as {
  parser(strict: boolean, options: { strictEntities: boolean }): SaxParser;
};

/** fast-xml-parser's ordered output: `[{ tagName: children, ':@'?: attributes }]`. */
type OrderedNode = Record<string, unknown>;

function fastXmlParserResult(nodes: OrderedNode[]): Parsed {
  const pool = nodes.find((node) => 'VM_POOL' in node)?.['VM_POOL'] as OrderedNode[] | undefined;
  return {
    vms: () => pool?.filter((node) => 'VM' in node).length ?? 0,
    text: () => JSON.stringify(nodes),
  };
}

// Entities are not processed: the safe configuration (the defaults expand DTD entities, see probes).
const fastXmlParserOptions = {
  preserveOrder: true,
  ignoreAttributes: false,
  processEntities: false,
  parseTagValue: false,
  trimValues: false,
  cdataPropName: '#cdata',
  jPath: false,
} as const;

/** fast-xml-parser with its default options, probed for the record (it is not measured). */
const FAST_XML_PARSER_DEFAULTS: Candidate = {
  name: 'fast-xml-parser (defaults)',
  raw: true,
  parse: (xml) => {
    const result = new XMLParser().parse(xml);
    return { vms: () => 0, text: () => JSON.stringify(result) };
  },
};

export const POOL_CANDIDATES: readonly Candidate[] = [
  {
    name: 'fast-xml-parser (processEntities off)',
    raw: true,
    defaults: FAST_XML_PARSER_DEFAULTS,
    parse: (xml) => fastXmlParserResult(new XMLParser(fastXmlParserOptions).parse(xml) as OrderedNode[]),
  },
  {
    name: 'fast-xml-parser + XMLValidator',
    raw: true,
    parse: (xml) => {
      const valid = XMLValidator.validate(xml);
      if (valid !== true) throw new Error(valid.err.msg);
      return fastXmlParserResult(new XMLParser(fastXmlParserOptions).parse(xml) as OrderedNode[]);
    },
  },
  {
    name: 'saxes',
    raw: true,
    parse: (xml) => {
      const tree = new TreeBuilder();
      const parser = new SaxesParser();
      parser.on('opentag', (tag) => tree.open(tag.name, tag.attributes));
      parser.on('closetag', () => tree.close());
      parser.on('text', (text) => tree.text(text));
      parser.on('cdata', (text) => tree.text(text));
      parser.write(xml).close();
      return tree.parsed();
    },
  },
  {
    name: 'sax (strict, strictEntities)',
    raw: true,
    parse: (xml) => {
      const tree = new TreeBuilder();
      const parser = sax.parser(true, { strictEntities: true });
      parser.onopentag = (tag) => tree.open(tag.name, tag.attributes);
      parser.onclosetag = () => tree.close();
      parser.ontext = (text) => tree.text(text);
      parser.oncdata = (text) => tree.text(text);
      parser.onerror = (error) => {
        throw error;
      };
      parser.write(xml).close();
      return tree.parsed();
    },
  },
  {
    name: 'txml',
    raw: true,
    parse: (xml) => {
      const nodes = parseTxml(xml);
      const pool = nodes.find(
        (node): node is TNode => typeof node !== 'string' && node.tagName === 'VM_POOL',
      );
      return {
        vms: () =>
          pool?.children.filter((node) => typeof node !== 'string' && node.tagName === 'VM').length ?? 0,
        text: () => JSON.stringify(nodes),
      };
    },
  },
  {
    name: 'htmlparser2 (xmlMode)',
    raw: true,
    parse: (xml) => {
      const document = parseDocument(xml, { xmlMode: true });
      const isElement = (node: (typeof document.children)[number], name: string) =>
        DomUtils.isTag(node) && node.name === name;
      const pool = document.children.find((node) => isElement(node, 'VM_POOL'));
      return {
        vms: () =>
          pool && DomUtils.hasChildren(pool)
            ? pool.children.filter((node) => isElement(node, 'VM')).length
            : 0,
        text: () => DomUtils.textContent(document),
      };
    },
  },
  {
    name: '@rgrove/parse-xml',
    raw: true,
    parse: (xml) => {
      const document = parseXmlRgrove(xml);
      return {
        vms: () => document.root?.children.filter((node) => 'name' in node && node.name === 'VM').length ?? 0,
        text: () => document.text,
      };
    },
  },
  {
    name: 'overcast parseXml (its own tokenizer)',
    raw: false,
    parse: (xml) => {
      const root = parseXml(xml);
      return {
        vms: () =>
          root.children.filter((child) => typeof child !== 'string' && child.localName === 'VM').length,
        text: () => JSON.stringify(root),
      };
    },
  },
];

/** Decoders of the XML-RPC envelope; each returns the pool string it found. */
export interface EnvelopeCandidate {
  name: string;
  /** A generic XML parser, shown for contrast (and measured on a smaller envelope: it is slow). */
  generic: boolean;
  decode(envelope: string): string;
}

export const ENVELOPE_CANDIDATES: readonly EnvelopeCandidate[] = [
  {
    name: 'overcast decodeMethodResponse',
    generic: false,
    decode: (envelope) => (decodeMethodResponse(envelope) as unknown[])[1] as string,
  },
  {
    name: 'fast-xml-parser (generic, for contrast)',
    generic: true,
    decode: (envelope) => {
      const result = new XMLParser({ parseTagValue: false, trimValues: false }).parse(envelope);
      return result.methodResponse.params.param.value.array.data.value[1].string;
    },
  },
  {
    name: 'saxes (generic, for contrast)',
    generic: true,
    decode: (envelope) => {
      let longest = '';
      let text = '';
      const parser = new SaxesParser();
      parser.on('opentag', () => {
        text = '';
      });
      parser.on('text', (data) => {
        text += data;
      });
      parser.on('closetag', () => {
        if (text.length > longest.length) longest = text;
        text = '';
      });
      parser.write(envelope).close();
      return longest;
    },
  },
];

const laughs = (levels: number) => {
  const entities = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i <= levels; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  return `<!DOCTYPE x [${entities.join('')}]><x>[&lol${levels};]</x>`;
};

/**
 * Documents whose entities a safe parser must neither resolve nor expand, with what expansion
 * shows inside the element (the brackets keep a DOCTYPE echoed as text from counting).
 */
const ENTITY_PROBES: readonly { name: string; xml: string; expanded: (text: string) => boolean }[] = [
  {
    name: 'external entity',
    xml: '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>[&e;]</x>',
    expanded: (text) => text.includes('root:'),
  },
  {
    name: 'internal entity',
    xml: '<!DOCTYPE x [<!ENTITY e "EXPANDED-ENTITY">]><x>[&e;]</x>',
    expanded: (text) => text.includes('[EXPANDED-ENTITY]'),
  },
  // 10^5 "lol" fully expanded: enough to see expansion, too small to hurt a parser that does it.
  { name: 'billion laughs', xml: laughs(5), expanded: (text) => text.includes('[lollollol') },
];

/** Malformed documents a strict parser must reject. */
const MALFORMED_PROBES: readonly string[] = [
  '<a><b>x</b>',
  '<a><b></a></b>',
  '<a>AT&T</a>',
  '<a></a><b></b>',
];

export interface ProbeResult {
  safe: boolean;
  strict: boolean;
  notes: string;
}

/** Runs the probes against `candidate`: which entity documents it refused, ignored or expanded. */
export function probe(candidate: Candidate): ProbeResult {
  const outcomes = ENTITY_PROBES.map(({ name, xml, expanded }) => {
    try {
      return `${name} ${expanded(candidate.parse(xml).text()) ? 'EXPANDED' : 'ignored'}`;
    } catch {
      return `${name} refused`;
    }
  });
  const rejected = MALFORMED_PROBES.filter((xml) => {
    try {
      candidate.parse(xml);
      return false;
    } catch {
      return true;
    }
  }).length;
  return {
    safe: !outcomes.some((outcome) => outcome.endsWith('EXPANDED')),
    strict: rejected === MALFORMED_PROBES.length,
    notes: `${outcomes.join(', ')}; malformed rejected ${rejected}/${MALFORMED_PROBES.length}`,
  };
}
