/**
 * The hand-written tokenizer held to saxes, a well-kept strict XML parser, as the oracle: on
 * generated documents and on random mutations of them, both must accept the same documents with
 * the same events, and reject the same ones.
 */
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { DecodeError } from './errors.js';
import { scanXml, type XmlEventHandler, XmlStream } from './xml.js';
import { findInvalidXmlChar } from './xml-chars.js';

type XmlEvent =
  | readonly ['open', string, Record<string, string>]
  | readonly ['close']
  | readonly ['text', string];

/** Events with adjacent text merged, empty text dropped and text outside the root left out. */
class Recorder implements XmlEventHandler {
  readonly events: XmlEvent[] = [];
  private depth = 0;

  open(tag: { name: string; attributes: Record<string, string> }): void {
    this.depth++;
    this.events.push(['open', tag.name, { ...tag.attributes }]);
  }

  close(): void {
    this.depth--;
    this.events.push(['close']);
  }

  text(data: string): void {
    if (data === '' || this.depth === 0) return;
    const last = this.events[this.events.length - 1];
    if (last?.[0] === 'text') this.events[this.events.length - 1] = ['text', last[1] + data];
    else this.events.push(['text', data]);
  }
}

type Outcome = { ok: true; events: XmlEvent[] } | { ok: false };

function ours(xml: string): Outcome {
  const recorder = new Recorder();
  try {
    scanXml(xml, recorder);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    return { ok: false };
  }
  return { ok: true, events: recorder.events };
}

/** The same document through `XmlStream`, written in pieces cut at `cuts` (offsets in bytes or characters). */
function streamed(xml: string | Uint8Array, cuts: readonly number[]): Outcome {
  const recorder = new Recorder();
  const stream = new XmlStream(recorder);
  try {
    let from = 0;
    for (const cut of [...cuts].sort((a, b) => a - b)) {
      stream.write(xml.slice(from, cut));
      from = cut;
    }
    stream.write(xml.slice(from));
    stream.end();
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    return { ok: false };
  }
  return { ok: true, events: recorder.events };
}

/** saxes as scanXml used it before the tokenizer: characters checked first, DOCTYPEs refused. */
function oracle(xml: string): Outcome {
  // saxes lets unpaired surrogates through.
  if (findInvalidXmlChar(xml) !== -1) return { ok: false };
  const recorder = new Recorder();
  const parser = new SaxesParser();
  parser.on('doctype', () => {
    throw new Error('DOCTYPE');
  });
  parser.on('opentag', (tag) => recorder.open(tag));
  parser.on('closetag', () => recorder.close());
  parser.on('text', (data) => recorder.text(data));
  parser.on('cdata', (data) => recorder.text(data));
  try {
    parser.write(xml).close();
  } catch {
    return { ok: false };
  }
  return { ok: true, events: recorder.events };
}

// Where saxes is more lenient than XML 1.0 and the tokenizer follows the specification: a
// processing instruction's target must be followed by whitespace or `?>` (saxes takes `<?x??>`).
const SAXES_LENIENCIES = [/<\?[^\s?>]+\?(?!>)/];

function expectAgreement(xml: string): void {
  const expected = oracle(xml);
  const actual = ours(xml);
  if (expected.ok && !actual.ok && SAXES_LENIENCIES.some((pattern) => pattern.test(xml))) return;
  expect({ xml, ...actual }).toEqual({ xml, ...expected });
}

// ---------------------------------------------------------------------------------------------
// Generated documents: trees written with every syntactic choice XML allows.

const name = fc.constantFrom('a', 'VM', 'one:ID', 'x-y.z_1', 'é', 'a\u00B7b', '_', 'Ω', ':c');
const space = fc.constantFrom('', ' ', '\n', '\t', '\r\n', '  ');
const someSpace = fc.constantFrom(' ', '\n', '\t', '\r\n');
const textPiece = fc.constantFrom(
  'x',
  ' ',
  'AT&amp;T',
  '&lt;&gt;&quot;&apos;',
  '&#65;',
  '&#x1F600;',
  '\r\n',
  '\r',
  'é😀',
  ']>',
  '"\'',
  '<![CDATA[a<b>&]]>',
  '<![CDATA[]]>',
  '<!-- c -->',
  '<?pi data?>',
  '<?pi?>',
  '',
);
const attributeValue = fc.constantFrom('', 'v', 'a b', '&lt;&amp;', '&#10;', 'x\ny', '\t', '>', ']]>', 'é');

interface Tree {
  name: string;
  attributes: [string, string][];
  children: (Tree | string)[];
}

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.record({
    name,
    attributes: fc.uniqueArray(fc.tuple(name, attributeValue), { maxLength: 3, selector: ([n]) => n }),
    children: fc.array(fc.oneof({ depthSize: 'small' }, textPiece, tie('tree')), { maxLength: 4 }),
  }),
})).tree;

const written = (root: Tree) =>
  fc
    .record({
      declaration: fc.constantFrom(
        '',
        '<?xml version="1.0"?>',
        "<?xml version='1.0' encoding='UTF-8' standalone='no'?>",
      ),
      before: fc.constantFrom('', '\n', '<!-- top -->\n', '<?pi x?>'),
      after: fc.constantFrom('', '\n', '<!-- end -->', ' <?pi?>\n'),
      gaps: fc.array(space, { minLength: 8, maxLength: 8 }),
      quote: fc.constantFrom('"', "'"),
      gap: someSpace,
      selfClose: fc.boolean(),
    })
    .map(({ declaration, before, after, gaps, quote, gap, selfClose }) => {
      const write = (element: Tree, depth: number): string => {
        const pad = gaps[depth % gaps.length] as string;
        const attributes = element.attributes
          .map(
            ([n, v]) =>
              `${gap}${n}${pad}=${pad}${quote}${v.replaceAll(quote, quote === '"' ? '&quot;' : '&apos;')}${quote}`,
          )
          .join('');
        if (element.children.length === 0 && selfClose) return `<${element.name}${attributes}${pad}/>`;
        const children = element.children.map((child) =>
          typeof child === 'string' ? child : write(child, depth + 1),
        );
        return `<${element.name}${attributes}${pad}>${children.join('')}</${element.name}${pad}>`;
      };
      return `${declaration}${before}${write(root, 0)}${after}`;
    });

const documentArb = tree.chain(written);

// Mutations: what a truncated, corrupted or hand-edited document looks like.
type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number };

const DANGEROUS = ['<', '>', '&', '"', "'", '/', '!', '?', '-', ']', ' ', '\r', 'x', ';', '#', '=', ':'];
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom(...DANGEROUS, '<!', '</', '--', ']]>', '<?', '&#', 'é'),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(xml: string, mutations: readonly Mutation[]): string {
  let out = xml;
  for (const m of mutations) {
    const at = m.at % (out.length + 1);
    if (m.kind === 'insert') out = out.slice(0, at) + m.text + out.slice(at);
    else if (m.kind === 'delete') out = out.slice(0, at) + out.slice(at + m.length);
    else out = out.slice(0, at);
  }
  return out;
}

describe('the XML tokenizer against saxes', () => {
  it('reads every generated document with the same events', () => {
    fc.assert(
      fc.property(documentArb, (xml) => {
        const outcome = ours(xml);
        expect(outcome.ok).toBe(true);
        expectAgreement(xml);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts and rejects the same mutated documents, with the same events when accepted', () => {
    fc.assert(
      fc.property(documentArb, fc.array(mutation, { minLength: 1, maxLength: 3 }), (xml, mutations) => {
        expectAgreement(mutate(xml, mutations));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    '<?xml version="1.0"?><a/>',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><a/>',
    '<?xml version = "1.0" ?><a/>',
    '<?xml?><a/>',
    '<?xml encoding="UTF-8"?><a/>',
    '<?xml version="1.0" standalone="maybe"?><a/>',
    '<?xml version="1.0" encoding="8bit"?><a/>',
    '<?xml version="1.0"standalone="yes"?><a/>',
    ' <?xml version="1.0"?><a/>',
    '<?xml-stylesheet href="x"?><a/>',
    '<?XML x?><a/>',
    '<a><?xml x?></a>',
    '<?pi?><a/>',
    '<?pix?><a/>',
    '<?pi\tx?><a/>',
    '<?1pi?><a/>',
    '<a/><!-- c -->',
    '<!-- a -- b --><a/>',
    '<!-- a ---><a/>',
    '<!----><a/>',
    '<!---><a/>',
    '<a><![CDATA[x]]></a>',
    '<![CDATA[x]]><a/>',
    '<a><![CDATA[x]></a>',
    '<a><![cdata[x]]></a>',
    '<a>&#x;</a>',
    '<a>&#1114112;</a>',
    '<a>&#x10FFFF;</a>',
    '<a>&#xFFFE;</a>',
    '<a>&#9;&#10;&#13;</a>',
    '<a>&#0065;</a>',
    '<a>&amp</a>',
    '<a>&AMP;</a>',
    '<a b="&lt;"/>',
    '<a b="<"/>',
    '<a b= "1"/>',
    '<a b="1"c="2"/>',
    '<a b="1" b="1"/>',
    '<a b/>',
    '<a b=/>',
    '<a b="1/>',
    '<a></a >',
    '<a></ a>',
    '<a></a',
    '<a></b>',
    '< a/>',
    '<a/ >',
    '<a/',
    '<a',
    '<',
    '',
    '<1a/>',
    '<-a/>',
    '<.a/>',
    '<a:b:c/>',
    '<é/>',
    '<a\u00B7/>',
    '<\u00B7a/>',
    '<a\u0300/>',
    '<\u0300a/>',
    '<a\u2070/>',
    '<\u{10000}/>',
    '<a>]]</a>',
    '<a>]></a>',
    '<a>]]></a>',
    '<a>x]]>y</a>',
    '<a>\r\n</a>',
    '<a>\r</a>',
    '\uFEFF<a/>',
    '\uFEFF<?xml version="1.0"?><a/>',
    '<a/>\uFEFF',
    '<!DOCTYPE a><a/>',
    '<a><!DOCTYPE a></a>',
    '<a><!ELEMENT a></a>',
    '<a/><b/>',
    '<a/>x',
    'x<a/>',
    '<a/>&amp;',
    '<a>\u00A0</a>',
    '<a\r\nb="1"\r\n/>',
  ])('agrees on %j', (xml) => {
    expectAgreement(xml);
  });
});

describe('the XML tokenizer streaming', () => {
  const cutsOf = (xml: string) => fc.uniqueArray(fc.integer({ min: 0, max: xml.length }), { maxLength: 12 });

  it('reads generated documents cut anywhere, as strings or as bytes, with the events of the whole', () => {
    fc.assert(
      fc.property(
        documentArb.chain((xml) => fc.tuple(fc.constant(xml), cutsOf(xml), fc.boolean())),
        ([xml, cuts, asBytes]) => {
          const bytes = Buffer.from(xml, 'utf8');
          const byteCuts = cuts.map((cut) => Math.min(cut, bytes.length));
          expect(asBytes ? streamed(bytes, byteCuts) : streamed(xml, cuts)).toEqual(ours(xml));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('accepts and rejects mutated documents cut anywhere as it does whole', () => {
    fc.assert(
      fc.property(
        documentArb
          .chain((xml) => fc.tuple(fc.constant(xml), fc.array(mutation, { minLength: 1, maxLength: 3 })))
          .map(([xml, mutations]) => mutate(xml, mutations))
          .chain((xml) => fc.tuple(fc.constant(xml), cutsOf(xml))),
        ([xml, cuts]) => {
          expect(streamed(xml, cuts).ok).toBe(ours(xml).ok);
        },
      ),
      { numRuns: 2000 },
    );
  });

  // References, CRLF, CDATA, comments, a declaration, multi-byte UTF-8 (é, 😀) and "]]" near "]]>".
  const awkward = [
    '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- c -->\n<r a="x&amp;y" b=\'&#65;\'>AT&amp;T é😀\r\nz]]&gt;' +
      '<![CDATA[<x>&]]]]><?pi d?><e/><f g="h"></f >&#x1F600;&lt;\r</r>\n<!-- end -->',
    '<ONE:VM_POOL xmlns:ONE="u"><VM><ID>1</ID><NAME>n&quot;</NAME><T><![CDATA[a\r\nb]]></T></VM></ONE:VM_POOL>',
  ];

  it.each(awkward)('reads %j cut at every byte and every character as it reads it whole', (xml) => {
    const whole = ours(xml);
    expect(whole.ok).toBe(true);
    const bytes = Buffer.from(xml, 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) expect(streamed(bytes, [cut])).toEqual(whole);
    for (let cut = 0; cut <= xml.length; cut++) expect(streamed(xml, [cut])).toEqual(whole);
    // And one byte at a time.
    expect(streamed(bytes, [...bytes.keys()])).toEqual(whole);
  });

  it('hands out long text in pieces, never holding it whole', () => {
    const pieces: string[] = [];
    const stream = new XmlStream({ open() {}, close() {}, text: (data) => pieces.push(data) });
    stream.write('<a>');
    for (let i = 0; i < 100; i++) stream.write('x'.repeat(1000));
    stream.write('</a>');
    stream.end();
    expect(pieces.join('')).toBe('x'.repeat(100_000));
    expect(pieces.length).toBeGreaterThan(50);
  });

  it('hands out a long run of "]" as it arrives, and refuses an "&" that never ends as it arrives', () => {
    const pieces: string[] = [];
    const stream = new XmlStream({ open() {}, close() {}, text: (data) => pieces.push(data) });
    stream.write('<a>');
    for (let i = 0; i < 100; i++) stream.write(']'.repeat(1000));
    expect(pieces.join('').length).toBeGreaterThan(99_000);
    stream.write('</a>');
    stream.end();
    expect(pieces.join('')).toBe(']'.repeat(100_000));
    const endless = new XmlStream({ open() {}, close() {}, text() {} });
    endless.write('<a>&amp');
    expect(() => {
      for (let i = 0; i < 100; i++) endless.write('a'.repeat(1000));
    }).toThrow(/"&" does not start an entity or character reference/);
  });
});

describe('a handler that does not want text', () => {
  /** Records events; wants the text of `<value>` only. */
  function reader() {
    const events: string[] = [];
    const names: string[] = [];
    const handler: XmlEventHandler = {
      open: (tag) => {
        names.push(tag.name);
        events.push(`<${tag.name}>`);
      },
      close: () => {
        events.push(`</${names.pop()}>`);
      },
      text: (data) => {
        events.push(JSON.stringify(data));
      },
      get wantsText() {
        return names.at(-1) === 'value';
      },
    };
    return { events, handler };
  }

  it('is handed only the text it wants, references decoded', () => {
    const { events, handler } = reader();
    scanXml('<list>\n  <value>a &amp; b</value>\n  <value>c</value> &lt;<![CDATA[d]]>\n</list>', handler);
    expect(events).toEqual([
      '<list>',
      '<value>',
      '"a & b"',
      '</value>',
      '<value>',
      '"c"',
      '</value>',
      '</list>',
    ]);
  });

  it('still has the text it does not want checked, whole or cut anywhere', () => {
    for (const bad of [
      '<list> &bogus; <value/></list>',
      '<list> ]]> <value/></list>',
      '<list> & </list>',
      '<list><![CDATA[ x </list>',
    ]) {
      expect(() => scanXml(bad, reader().handler)).toThrow(DecodeError);
      for (let cut = 1; cut < bad.length; cut++) {
        const stream = new XmlStream(reader().handler);
        expect(() => {
          stream.write(bad.slice(0, cut));
          stream.write(bad.slice(cut));
          stream.end();
        }).toThrow(DecodeError);
      }
    }
  });
});

describe('the XML tokenizer limits', () => {
  const sink: XmlEventHandler = { open() {}, close() {}, text() {} };
  const failure = (run: () => void): DecodeError => {
    try {
      run();
    } catch (error) {
      if (error instanceof DecodeError) return error;
      throw error;
    }
    throw new Error('no DecodeError');
  };

  it('ends a document nested deeper than maxDepth, naming the option', () => {
    expect(failure(() => scanXml('<a>'.repeat(257), sink)).message).toMatch(
      /deeper than 256 \(option maxDepth\)/,
    );
    expect(() => scanXml(`${'<a>'.repeat(300)}${'</a>'.repeat(300)}`, sink, { maxDepth: 300 })).not.toThrow();
  });

  it('ends an element with more than maxChildren children, naming the option', () => {
    const many = `<r>${'<vm/>'.repeat(11)}</r>`;
    expect(failure(() => scanXml(many, sink, { maxChildren: 10 })).message).toMatch(
      /more than 10 child elements in one element \(option maxChildren\)/,
    );
    expect(() => scanXml(many, sink, { maxChildren: 11 })).not.toThrow();
  });

  it('ends a document with more than maxElements elements, naming the option', () => {
    const many = `<r>${'<a><b/></a>'.repeat(5)}</r>`;
    expect(failure(() => scanXml(many, sink, { maxElements: 10 })).message).toMatch(/\(option maxElements\)/);
    expect(() => scanXml(many, sink, { maxElements: 11 })).not.toThrow();
  });

  it('ends a text longer than maxTextLength even when it arrives in pieces', () => {
    const stream = new XmlStream(sink, { maxTextLength: 5000 });
    stream.write('<a>');
    for (let i = 0; i < 4; i++) stream.write('x'.repeat(1000));
    expect(failure(() => stream.write('x'.repeat(1001))).message).toMatch(
      /longer than 5000 characters \(option maxTextLength\)/,
    );
  });

  it('ends a tag or comment longer than maxTokenLength while it arrives', () => {
    const stream = new XmlStream(sink, { maxTokenLength: 5000 });
    stream.write('<a><!--');
    for (let i = 0; i < 4; i++) stream.write('x'.repeat(1000));
    expect(failure(() => stream.write('x'.repeat(1000))).message).toMatch(
      /token longer than 5000 characters \(option maxTokenLength\)/,
    );
  });

  it('counts every streamed byte against maxBytes', () => {
    const stream = new XmlStream(sink, { maxBytes: 100 });
    stream.write('<a>');
    expect(failure(() => stream.write(Buffer.from('x'.repeat(98)))).message).toMatch(
      /limit \(option maxBytes\)/,
    );
  });

  it('reports bad UTF-8 split across chunks and a character XML cannot carry, with its offset', () => {
    const stream = new XmlStream(sink);
    stream.write(Buffer.from([0x3c, 0x61, 0x3e, 0xc3]));
    expect(failure(() => stream.write(Buffer.from([0x28]))).message).toMatch(/not valid UTF-8/);
    const controls = new XmlStream(sink);
    controls.write('<a>abc');
    expect(failure(() => controls.write('d\u0001')).message).toMatch(/U\+0001 at offset 7/);
  });
});
