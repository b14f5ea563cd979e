import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from './errors.js';
import {
  decodeMethodResponse,
  encodeFault,
  encodeMethodResponse,
  XmlRpcFault,
  type XmlRpcPath,
  XmlRpcResponseStream,
  type XmlRpcStreamOptions,
  type XmlRpcValue,
} from './xmlrpc.js';
import { MAX_XMLRPC_NESTING } from './xmlrpc-types.js';

/** `input` (text as UTF-8, or bytes) cut at the byte offsets `cuts`, read by a stream. */
function streamed(input: string | Uint8Array, cuts: readonly number[], options?: XmlRpcStreamOptions) {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const stream = new XmlRpcResponseStream(options);
  let start = 0;
  for (const end of [...cuts, bytes.length]) {
    stream.write(bytes.subarray(start, end));
    start = end;
  }
  return stream.end();
}

type Outcome =
  | { value: XmlRpcValue }
  | { fault: number | string; message: string; body: string | undefined }
  | { refused: true };

/** What reading gives: a value, a fault, or a refusal (any other error fails the test). */
function outcomeOf(read: () => XmlRpcValue): Outcome {
  try {
    return { value: read() };
  } catch (error) {
    if (error instanceof XmlRpcFault)
      return { fault: error.code, message: error.serverMessage, body: error.body };
    if (error instanceof DecodeError) return { refused: true };
    throw error;
  }
}

/** Expects `read` to throw a DecodeError whose message matches `message`. */
function expectRefusal(read: () => unknown, message: RegExp | string): void {
  expect(read).toThrow(DecodeError);
  expect(read).toThrow(message);
}

const POOL = '<VM_POOL><VM><NAME>a &amp; b — тест 😀</NAME></VM>\r\n</VM_POOL>';

/** Every value type, references, CDATA, comments, CRLF, multi-byte characters, BOMs and a prolog. */
const RICH = [
  '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<methodResponse xmlns:ex="urn:x">\r\n',
  '<params><param><value><array><data>\r\n',
  '<value><boolean>1</boolean></value>',
  `<value><string>${POOL.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')}&#13;&#x1F600;&#233;</string></value>`,
  '<value><i4> -7 </i4></value>',
  '<value>untyped é 😀 &amp; text\r\n, a BOM \uFEFF inside</value>',
  '<value><struct><member><name>na&amp;me</name><value><double>-1.5e3</double></value></member>',
  '<member><name>when</name><value><dateTime.iso8601>19980717T14:08:55</dateTime.iso8601></value></member>',
  '<member><name>bytes</name><value><base64>\nAAEC\nAw==\n</base64></value></member>',
  '<member><name>none</name><value><ex:nil/></value></member>',
  '<member><name>big</name><value><i8>9007199254740993</i8></value></member></struct></value>',
  '<value> <!-- before the type --> <string>a<![CDATA[<b>&amp;]]>c<!-- in the text -->é</string> </value>',
  '<value><array><data/></array></value><value/>',
  '</data></array></value></param></params></methodResponse>\r\n',
].join('');

const PYTHON_FAULT =
  "<?xml version='1.0'?>\r\n<methodResponse>\r\n<fault>\r\n<value><struct>\r\n<member>\r\n<name>faultCode</name>\r\n" +
  '<value><int>-32601</int></value>\r\n</member>\r\n<member>\r\n<name>faultString</name>\r\n' +
  '<value><string>méthode &lt;x&gt; introuvable 😀</string></value>\r\n</member>\r\n</struct></value>\r\n</fault>\r\n</methodResponse>\r\n';

const ONE_ANSWER = encodeMethodResponse([true, POOL.repeat(3), 0]);

describe('XmlRpcResponseStream ≡ decodeMethodResponse', () => {
  it.each([
    ['a response with every value type, references, CDATA, comments and CRLF', RICH],
    ['a fault in the layout Python sends', PYTHON_FAULT],
    ["OpenNebula's answer shape", ONE_ANSWER],
  ])('reads %s cut at every byte, and byte by byte', (_what, text) => {
    const expected = outcomeOf(() => decodeMethodResponse(text));
    expect(expected).not.toEqual({ refused: true });
    const length = Buffer.byteLength(text);
    for (let cut = 0; cut <= length; cut++) {
      expect(
        outcomeOf(() => streamed(text, [cut])),
        `cut at ${cut}`,
      ).toEqual(expected);
    }
    const everyByte = Array.from({ length }, (_, i) => i);
    expect(outcomeOf(() => streamed(text, everyByte))).toEqual(expected);
  });

  it('reads the same from strings as from bytes', () => {
    const stream = new XmlRpcResponseStream();
    for (const piece of RICH.match(/[\s\S]{1,7}/gu) ?? []) stream.write(piece);
    expect(stream.end()).toEqual(decodeMethodResponse(RICH));
  });
});

/** Offers every string to a sink that collects its pieces; `end()` gives `{ routed: text }`. */
function collecting(accept: (path: XmlRpcPath) => boolean = () => true) {
  const offers: Array<{ path: XmlRpcPath; parent: unknown; pieces: string[] }> = [];
  const stringSink: XmlRpcStreamOptions['stringSink'] = (path, parent) => {
    if (!accept(path)) return undefined;
    const offer = { path, parent: structuredClone(parent), pieces: [] as string[] };
    offers.push(offer);
    return { write: (text) => offer.pieces.push(text), end: () => ({ routed: offer.pieces.join('') }) };
  };
  return { offers, stringSink };
}

describe('stringSink: strings go to the caller as they arrive', () => {
  it("hands over the string at [1] of OpenNebula's answer piece by piece, with what came before it", () => {
    const text = ONE_ANSWER;
    const length = Buffer.byteLength(text);
    for (const cuts of [[], Array.from({ length: Math.ceil(length / 13) }, (_, i) => i * 13)]) {
      const { offers, stringSink } = collecting((path) => path[0] === 1);
      const value = streamed(text, cuts, { stringSink });
      expect(value).toEqual([true, { routed: POOL.repeat(3) }, 0]);
      expect(offers.map(({ path, parent }) => ({ path, parent }))).toEqual([{ path: [1], parent: [true] }]);
      if (cuts.length > 0) expect(offers[0]?.pieces.length).toBeGreaterThan(10);
    }
  });

  it('offers every string once, typed or not, and puts what its sink made in its place', () => {
    const { offers, stringSink } = collecting();
    const value = streamed(RICH, [], { stringSink });
    const expected = decodeMethodResponse(RICH) as XmlRpcValue[];
    const strings = [1, 3, 5, 7];
    expect(offers.map((offer) => offer.path)).toEqual(strings.map((index) => [index]));
    expect(value).toEqual(expected.map((item, i) => (strings.includes(i) ? { routed: item } : item)));
  });

  it('names struct members in the path and gives the struct so far', () => {
    const { offers, stringSink } = collecting();
    const value = streamed(encodeMethodResponse({ n: 1, s: { t: ['x'] } }), [], { stringSink });
    expect(offers.map(({ path, parent }) => ({ path, parent }))).toEqual([
      { path: ['s', 't', 0], parent: [] },
    ]);
    expect(value).toEqual({ n: 1, s: { t: [{ routed: 'x' }] } });
  });

  it('leaves a declined string to the reader, and never offers a fault’s strings', () => {
    const { offers, stringSink } = collecting(() => false);
    expect(streamed(ONE_ANSWER, [], { stringSink })).toEqual(decodeMethodResponse(ONE_ANSWER));
    expect(offers).toEqual([]);
    const faulty = collecting();
    expect(() => streamed(PYTHON_FAULT, [], { stringSink: faulty.stringSink })).toThrow(XmlRpcFault);
    expect(faulty.offers).toEqual([]);
  });

  it("passes a sink's error on as it is", () => {
    const failure = new DecodeError('the sink refused');
    const stringSink = () => ({
      write() {
        throw failure;
      },
      end: () => undefined,
    });
    expect(() => streamed(ONE_ANSWER, [], { stringSink })).toThrow(failure);
  });
});

describe('limits', () => {
  const long = encodeMethodResponse([true, 'x'.repeat(1000), 0]);

  it('holds a string up to maxTextLength, and one going to a sink is not counted', () => {
    expectRefusal(
      () => streamed(long, [100, 500], { maxTextLength: 999 }),
      /a text longer than 999 characters in <string> \(option maxTextLength\)/,
    );
    expect(streamed(long, [100, 500], { maxTextLength: 1000 })).toEqual([true, 'x'.repeat(1000), 0]);
    const { stringSink } = collecting();
    expect(streamed(long, [100, 500], { maxTextLength: 10, stringSink })).toEqual([
      true,
      { routed: 'x'.repeat(1000) },
      0,
    ]);
  });

  it('counts every byte against maxBytes, strings going to a sink included', () => {
    const { stringSink } = collecting();
    const size = Buffer.byteLength(long);
    expectRefusal(() => streamed(long, [100], { maxBytes: size - 1, stringSink }), /option maxBytes/);
    expect(streamed(long, [100], { maxBytes: size, stringSink })).toEqual([
      true,
      { routed: 'x'.repeat(1000) },
      0,
    ]);
  });

  it('refuses nesting past the limit with the same words as decodeMethodResponse', () => {
    const nested = (depth: number) =>
      `<methodResponse><params><param><value>${'<array><data><value>'.repeat(depth)}1${'</value></data></array>'.repeat(depth)}</value></param></params></methodResponse>`;
    const deepest = nested(MAX_XMLRPC_NESTING);
    expect(streamed(deepest, [])).toEqual(decodeMethodResponse(deepest));
    const tooDeep = nested(MAX_XMLRPC_NESTING + 1);
    expectRefusal(() => decodeMethodResponse(tooDeep), /nested deeper than 512/);
    expectRefusal(() => streamed(tooDeep, []), /nested deeper than 512/);
  });
});

describe('faults and refusals', () => {
  it('throws an XmlRpcFault carrying a short body, and none for a long one', () => {
    const short = encodeFault(4, 'no');
    expect(outcomeOf(() => streamed(short, [3]))).toEqual({ fault: 4, message: 'no', body: short });
    const long = encodeFault(4, 'n'.repeat(70_000));
    expect(outcomeOf(() => streamed(long, [3]))).toEqual({
      fault: 4,
      message: 'n'.repeat(70_000),
      body: undefined,
    });
  });

  it.each([
    ['an unknown value type', '<value><float>1</float></value>', /unknown value type <float>/],
    ['a bad int', '<value><int>1.5</int></value>', /bad integer "1.5" in <int>/],
    ['text before a typed value', '<value>x<int>1</int></value>', /expected <\/value>, found <int>/],
    [
      'text after a typed value',
      '<value><int>1</int>x</value>',
      /unexpected text "x" in <value> after its value/,
    ],
    ['an element in a string', '<value><string>a<b/></string></value>', /expected <\/string>, found <b>/],
    [
      'a member without a name',
      '<value><struct><member><value>1</value></member></struct></value>',
      /expected <name>, found <value>/,
    ],
    [
      'a member without a value',
      '<value><struct><member><name>a</name></member></struct></value>',
      /expected <value>, found <\/member>/,
    ],
    [
      'an array without data',
      '<value><array><value>1</value></array></value>',
      /expected <data>, found <value>/,
    ],
    ['two values in a param', '<value>1</value><value>2</value>', /expected <\/param>, found <value>/],
  ])('refuses %s as decodeMethodResponse does', (_what, param, message) => {
    const text = `<methodResponse><params><param>${param}</param></params></methodResponse>`;
    expect(() => decodeMethodResponse(text)).toThrow(DecodeError);
    expectRefusal(() => streamed(text, []), message);
  });

  it('refuses a response of two params, or none, as decodeMethodResponse does', () => {
    const param = '<param><value>1</value></param>';
    for (const params of [param.repeat(2), '']) {
      const text = `<methodResponse><params>${params}</params></methodResponse>`;
      expect(() => decodeMethodResponse(text)).toThrow(DecodeError);
      expectRefusal(() => streamed(text, []), /exactly one <param>, this one has [02]/);
    }
  });

  it('refuses bytes that are not UTF-8, naming the offset in the whole body', () => {
    const bytes = Buffer.concat([
      Buffer.from(encodeMethodResponse('é'.repeat(100)).slice(0, -40)),
      Buffer.from([0xff]),
    ]);
    for (const cut of [0, 50, bytes.length - 1]) {
      expectRefusal(
        () => streamed(bytes, [cut]),
        `the XML-RPC response is not valid UTF-8 (first bad byte at offset ${bytes.length - 1})`,
      );
    }
  });
});

describe('a long string going to a sink is read from the bytes', () => {
  /** Past the 64 KB a fault would quote, the sink's string is read from the bytes as they arrive. */
  const TRICKY = 'a &amp; b <x y="1">é😀</x>\r\n]] ] \r tab\t &#233;&#x1F600; ';
  const document = `<VM_POOL>${'<VM><ID>7</ID><NAME>тест 😀</NAME></VM>'.repeat(1500)}${TRICKY.repeat(40)}</VM_POOL>`;
  const escaped = (text: string) =>
    text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  const answer = (stringText: string) =>
    `<?xml version="1.0"?><methodResponse><params><param><value><array><data><value><boolean>1</boolean></value><value><string>${stringText}</string></value><value><i4>0</i4></value></data></array></value></param></params></methodResponse>`;
  const text = answer(escaped(document).replaceAll('&lt;x', '<![CDATA[<x]]>'));
  const bytes = Buffer.from(text, 'utf8');

  it('hands the sink what decodeMethodResponse reads, cut anywhere', () => {
    const expected = decodeMethodResponse(text) as XmlRpcValue[];
    expect(bytes.length).toBeGreaterThan(100_000);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }),
        (cuts) => {
          const { offers, stringSink } = collecting((path) => path[0] === 1);
          const value = streamed(
            bytes,
            [...cuts].sort((a, b) => a - b),
            { stringSink },
          );
          expect(value).toEqual([true, { routed: expected[1] }, 0]);
          expect(offers).toHaveLength(1);
        },
      ),
      { numRuns: 40 },
    );
    // Every cut within a stretch of references, CRLF, `]` and multi-byte characters, past 64 KB.
    const from = bytes.indexOf('tab', 90_000);
    for (let cut = from - 60; cut < from + 20; cut++) {
      const { stringSink } = collecting((path) => path[0] === 1);
      expect(streamed(bytes, [70_000, cut], { stringSink })).toEqual([true, { routed: expected[1] }, 0]);
    }
  });

  it.each([
    [
      'an unknown reference',
      '&bogus;',
      /unknown or invalid reference "&bogus;" \(byte \d+ of the XML-RPC response\)/,
    ],
    ['a lone "&"', '& b', /"&" does not start an entity or character reference/],
    ['a control character', 'a\u0001b', /character U\+0001 is not allowed/],
    ['U+FFFF', 'a\uFFFFb', /character U\+FFFF is not allowed/],
    ['a reference to a character XML does not allow', '&#1;', /unknown or invalid reference "&#1;"/],
  ])('refuses %s in it as decodeMethodResponse does', (_what, bad, message) => {
    const malformed = answer(`${'x'.repeat(80_000)}${bad}${'y'.repeat(100)}`);
    expect(() => decodeMethodResponse(malformed)).toThrow(DecodeError);
    const at = Buffer.byteLength(malformed.slice(0, malformed.indexOf(bad)));
    for (const cuts of [[70_000], [70_000, at], [70_000, at + 1], [70_000, at + 2]]) {
      const { stringSink } = collecting();
      expectRefusal(() => streamed(malformed, cuts, { stringSink }), message);
    }
  });

  it('refuses "]]>" in it, as the XML reader does in any text (decodeMethodResponse does not look)', () => {
    const malformed = answer(`${'x'.repeat(80_000)}a]]>b${'y'.repeat(100)}`);
    const at = Buffer.byteLength(malformed.slice(0, malformed.indexOf(']]>')));
    for (const cuts of [[70_000], [70_000, at], [70_000, at + 1], [70_000, at + 2], [70_000, at + 3]]) {
      expectRefusal(
        () => streamed(malformed, cuts, { stringSink: collecting().stringSink }),
        /"]]>" is not allowed in text/,
      );
    }
  });

  it('refuses bytes that are not UTF-8 in it, naming their offset in the whole body', () => {
    const head = Buffer.from(answer('é'.repeat(50_000)).split('</string>')[0] as string, 'utf8');
    const malformed = Buffer.concat([
      head,
      Buffer.from([0xff]),
      Buffer.from('</string></value></data></array></value></param></params></methodResponse>'),
    ]);
    for (const cuts of [[70_000], [70_000, head.length], [70_000, head.length + 1]]) {
      const { stringSink } = collecting();
      expectRefusal(
        () => streamed(malformed, cuts, { stringSink }),
        `the XML-RPC response is not valid UTF-8 (first bad byte at offset ${head.length})`,
      );
    }
  });

  it('refuses an "&" that never ends, and passes a long run of "]", without holding them', () => {
    const start = Buffer.from(answer('x'.repeat(70_000)).split('</string>')[0] as string, 'utf8');
    const endless = new XmlRpcResponseStream({ stringSink: collecting().stringSink });
    endless.write(start);
    endless.write(Buffer.from('&amp'));
    expect(() => {
      for (let i = 0; i < 100; i++) endless.write(Buffer.alloc(10_000, 'a'));
    }).toThrow(/"&" does not start an entity or character reference/);
    const { offers, stringSink } = collecting();
    const brackets = new XmlRpcResponseStream({ stringSink });
    brackets.write(start);
    for (let i = 0; i < 100; i++) brackets.write(Buffer.alloc(10_000, ']'));
    const written = offers[0]?.pieces.join('').length ?? 0;
    expect(written).toBeGreaterThan(70_000 + 999_000);
  });

  it('refuses a body that ends inside it, and counts it against maxBytes', () => {
    const { stringSink } = collecting();
    expectRefusal(
      () => streamed(bytes.subarray(0, 90_000), [70_000], { stringSink }),
      /unclosed tag: string/,
    );
    expectRefusal(
      () =>
        streamed(bytes, [70_000, 80_000], {
          maxBytes: bytes.length - 1,
          stringSink: collecting().stringSink,
        }),
      /option maxBytes/,
    );
    expect(
      streamed(bytes, [70_000, 80_000], { maxBytes: bytes.length, stringSink: collecting().stringSink }),
    ).toHaveLength(3);
  });
});
