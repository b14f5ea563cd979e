import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, ParameterError } from './errors.js';
import {
  buildXml,
  cdata,
  childElements,
  parseXml,
  scanXml,
  textOf,
  type XmlBuildElement,
  type XmlBuildNode,
  type XmlElement,
  type XmlEventHandler,
  type XmlNode,
  xmlTextSink,
} from './xml.js';
import { findInvalidXmlChar } from './xml-chars.js';

function decodeErrorOf(run: () => unknown): DecodeError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DecodeError);
    return error as DecodeError;
  }
  throw new Error('expected a DecodeError, nothing was thrown');
}

describe('parseXml: refusing DTDs and entities', () => {
  it('refuses an external entity without reading it', () => {
    const error = decodeErrorOf(() =>
      parseXml('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'),
    );
    expect(error.message).toMatch(/DOCTYPE.*refused/);
    expect(error.message).not.toContain('root:');
  });

  it('refuses billion laughs at once', () => {
    const levels = ['<!ENTITY lol0 "lol">'];
    for (let i = 1; i < 10; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const started = performance.now();
    const error = decodeErrorOf(() =>
      parseXml(`<?xml version="1.0"?><!DOCTYPE lolz [${levels.join('')}]><lolz>&lol9;</lolz>`),
    );
    expect(error.message).toMatch(/DOCTYPE.*refused/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses a DOCTYPE without an internal subset, and a lowercase one', () => {
    expect(decodeErrorOf(() => parseXml('<!DOCTYPE html><html/>')).message).toMatch(/DOCTYPE/);
    expect(() => parseXml('<!doctype x><x/>')).toThrow(DecodeError);
  });

  it('refuses entities nobody declared, HTML ones included', () => {
    expect(decodeErrorOf(() => parseXml('<a>&nbsp;</a>')).message).toMatch(
      /unknown or invalid reference "&nbsp;"/,
    );
    expect(() => parseXml('<a b="&e;"/>')).toThrow(DecodeError);
  });
});

describe('parseXml: what it returns', () => {
  it('decodes the predefined entities and numeric references in text and attributes', () => {
    const root = parseXml(
      '<a t="&lt;&gt;&amp;&quot;&apos;&#233;&#x1F600;">&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x1f600;</a>',
    );
    expect(root.attributes).toEqual({ t: '<>&"\'é😀' });
    expect(root.children).toEqual(['<>&"\'AB😀']);
  });

  it('refuses references to characters XML cannot carry', () => {
    expect(() => parseXml('<a>&#0;</a>')).toThrow(DecodeError);
    expect(() => parseXml('<a>&#xD800;</a>')).toThrow(DecodeError);
  });

  it('gives CDATA as text, merged with the text around it', () => {
    expect(parseXml('<NAME>a<![CDATA[<b> & ]]]]><![CDATA[>]]>c</NAME>').children).toEqual(['a<b> & ]]>c']);
  });

  it('keeps names as written and local names for matching', () => {
    const root = parseXml('<one:VM xmlns:one="urn:one"><one:ID>7</one:ID><NAME>x</NAME></one:VM>');
    expect(root.name).toBe('one:VM');
    expect(root.localName).toBe('VM');
    expect(root.attributes).toEqual({ 'xmlns:one': 'urn:one' });
    expect(childElements(root).map((child) => child.localName)).toEqual(['ID', 'NAME']);
    expect(textOf(childElements(root, 'ID')[0] as XmlElement)).toBe('7');
  });

  it('drops indentation between elements, comments and processing instructions, keeps other text', () => {
    const root = parseXml(
      '<?xml version="1.0"?>\r\n<!-- c -->\n<a>\n  <b> x </b>\n  <?pi data?><c/>\n  <!-- d --><e>  </e>\n</a>\n',
    );
    expect(root).toEqual({
      name: 'a',
      localName: 'a',
      attributes: {},
      children: [
        { name: 'b', localName: 'b', attributes: {}, children: [' x '] },
        { name: 'c', localName: 'c', attributes: {}, children: [] },
        { name: 'e', localName: 'e', attributes: {}, children: ['  '] },
      ],
    });
  });

  it('normalizes line ends and attribute whitespace as XML says', () => {
    const root = parseXml('<a v="1\r\n2\t3">x\r\ny\rz&#13;</a>');
    expect(root.attributes['v']).toBe('1 2 3');
    expect(root.children).toEqual(['x\ny\nz\r']);
  });

  it('keeps attributes named like Object.prototype members as data', () => {
    const root = parseXml('<a __proto__="p" constructor="c" toString="t"/>');
    expect(Object.keys(root.attributes)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(root.attributes['constructor']).toBe('c');
    expect(Object.entries(root.attributes)).toContainEqual(['__proto__', 'p']);
    const none = parseXml('<a b="1"/>').attributes;
    for (const inherited of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      expect(none[inherited], inherited).toBeUndefined();
    }
    expect(Object.getPrototypeOf(Object.getPrototypeOf(none))).toBeNull();
  });

  it('reads UTF-8 bytes, with or without a BOM', () => {
    const bytes = new TextEncoder().encode('\uFEFF<a>é😀</a>');
    expect(parseXml(bytes).children).toEqual(['é😀']);
  });

  it('reads a start tag with a hundred thousand attributes (the work stays linear)', () => {
    const attributes = Array.from({ length: 100_000 }, (_, i) => ` a${i}="${i}"`).join('');
    const root = parseXml(`<r${attributes}/>`);
    expect(Object.keys(root.attributes)).toHaveLength(100_000);
    expect(root.attributes['a99999']).toBe('99999');
  });

  it('parses nesting far deeper than any recursion could', () => {
    const depth = 100_000;
    let element = parseXml(`${'<d>'.repeat(depth)}x${'</d>'.repeat(depth)}`, { maxDepth: depth });
    for (let i = 1; i < depth; i++) element = element.children[0] as XmlElement;
    expect(element.children).toEqual(['x']);
  });
});

describe('parseXml: limits and malformed input', () => {
  it('refuses documents over maxBytes, naming the limit, counting UTF-8 bytes', () => {
    expect(decodeErrorOf(() => parseXml('<a>12345</a>', { maxBytes: 10 })).message).toMatch(
      /12 bytes.*limit of 10 bytes.*maxBytes/,
    );
    expect(() => parseXml('<a>éé</a>', { maxBytes: 10 })).toThrow(/11 bytes/);
    expect(() => parseXml(new Uint8Array(11), { maxBytes: 10 })).toThrow(/maxBytes/);
    expect(parseXml('<a>é</a>', { maxBytes: 9 }).children).toEqual(['é']);
  });

  it.each([
    ['mismatched tags', '<a><b></a></b>', /unexpected close tag.*line 1, column/],
    ['a truncated document', '<VM_POOL><VM><ID>1</ID>', /unclosed tag/],
    ['two roots', '<a/><b/>', /only one root/],
    ['no root', '  ', /root element/],
    ['text outside the root', '<a/>x', /outside of root/],
    ['a bare ampersand', '<a>AT&T</a>', /"&" does not start an entity.*line 1, column 6/],
    ['an unquoted attribute', '<a b=c/>', /unquoted/],
    ['a duplicate attribute', '<a b="1" b="2"/>', /duplicate attribute/],
    ['a control character', '<a>\u0001</a>', /U\+0001/],
    ['an unpaired surrogate', '<a>\uDC00</a>', /U\+DC00/],
    ['"]]>" in text', '<a>]]></a>', /\]\]>/],
  ])('refuses %s with a DecodeError saying why and where', (_what, xml, reason) => {
    expect(decodeErrorOf(() => parseXml(xml)).message).toMatch(reason);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => parseXml(new Uint8Array([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e]))).toThrow(/UTF-8/);
  });

  it('answers any string or bytes with a tree or a DecodeError, and quickly', () => {
    const anyUnits = fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    });
    const xmlish = fc
      .array(
        fc.constantFrom(
          '<a>',
          '</a>',
          '<b x="1">',
          '</b>',
          '<c/>',
          '&amp;',
          '&',
          '<![CDATA[',
          ']]>',
          '<!--',
          '-->',
          '<!DOCTYPE a>',
          'txt',
          ' ',
          '<?xml version="1.0"?>',
          '&#0;',
          '&#x41;',
          '"',
          '<',
        ),
        { maxLength: 30 },
      )
      .map((parts) => parts.join(''));
    const input = fc.oneof(anyUnits, xmlish, fc.uint8Array({ maxLength: 200 }));
    fc.assert(
      fc.property(input, (document) => {
        const started = performance.now();
        try {
          const root = parseXml(document);
          expect(typeof root.name).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError);
        }
        expect(performance.now() - started).toBeLessThan(500);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('xmlTextSink', () => {
  /** Every event, as text. */
  function recorder(): { handler: XmlEventHandler; events: string[] } {
    const events: string[] = [];
    return {
      events,
      handler: {
        open: (tag) => events.push(`<${tag.name} ${JSON.stringify(tag.attributes)}>`),
        close: () => events.push('</>'),
        text: (data) => events.push(JSON.stringify(data)),
      },
    };
  }
  const read = (bytes: Buffer, cuts: number[], maxBytes?: number) => {
    const sink = xmlTextSink(maxBytes === undefined ? {} : { maxBytes });
    let from = 0;
    for (const cut of [...cuts].sort((a, b) => a - b)) {
      sink.write(bytes.subarray(from, cut));
      from = cut;
    }
    sink.write(bytes.subarray(from));
    return sink.end();
  };

  it('gives the text of the bytes cut anywhere, read as scanXml reads it whole', () => {
    const xml = '<?xml version="1.0"?>\n<a x="é">naïve 😀 &amp; <b>日本</b>\r\n</a>';
    const bytes = Buffer.from(xml, 'utf8');
    const whole = recorder();
    scanXml(xml, whole.handler);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: bytes.length }), { maxLength: 6 }), (cuts) => {
        const text = read(bytes, cuts);
        expect(text.text).toBe(xml);
        const scanned = recorder();
        text.scan(scanned.handler);
        expect(scanned.events).toEqual(whole.events);
      }),
    );
  });

  it('refuses what scanXml refuses of the characters, naming offsets in the whole, and bytes past maxBytes', () => {
    const bytes = Buffer.concat([Buffer.from('<a>aé'), Buffer.from([0xe6, 0x97]), Buffer.from('</a>')]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(decodeErrorOf(() => read(bytes, [cut])).message).toMatch(/not valid UTF-8.*offset 6/);
    }
    const control = Buffer.from('<a>日本\u0001</a>');
    for (let cut = 0; cut <= control.length; cut++) {
      expect(decodeErrorOf(() => read(control, [cut])).message).toMatch(/U\+0001 at offset 5 is not allowed/);
    }
    expect(decodeErrorOf(() => read(Buffer.from('<a>0123456789</a>'), [5], 10)).message).toMatch(/maxBytes/);
    const malformed = read(Buffer.from('<a><b></a>'), []);
    expect(() => malformed.scan(recorder().handler)).toThrow(DecodeError);
  });
});

describe('buildXml', () => {
  it('escapes text and attributes so they read back exactly', () => {
    const xml = buildXml({
      name: 'T',
      attributes: { q: 'a"b<c>&amp;\n\t\r', n: 1, f: false },
      children: ['x &amp; <y> &#13; ]]> \r\n'],
    });
    const root = parseXml(xml);
    expect(root.attributes).toEqual({ q: 'a"b<c>&amp;\n\t\r', n: '1', f: 'false' });
    expect(root.children).toEqual(['x &amp; <y> &#13; ]]> \r\n']);
  });

  it('writes a declaration unless told not to', () => {
    expect(buildXml({ name: 'a' })).toBe('<?xml version="1.0"?><a/>');
    expect(buildXml({ name: 'a', children: ['x'] }, { declaration: false })).toBe('<a>x</a>');
  });

  it('splits CDATA at "]]>" and moves CRs out of it', () => {
    expect(cdata('a]]>b]]>').sections).toEqual(['a]]', '>b]]', '>']);
    const xml = buildXml({ name: 'NAME', children: [cdata('x]]>y\r\nz')] }, { declaration: false });
    expect(xml).toBe('<NAME><![CDATA[x]]]]><![CDATA[>y]]>&#13;<![CDATA[\nz]]></NAME>');
    expect(parseXml(xml).children).toEqual(['x]]>y\r\nz']);
  });

  it('refuses characters XML cannot carry and bad names with a ParameterError naming the element', () => {
    expect(() => buildXml({ name: 'VM', children: [{ name: 'NAME', children: ['a\u0000b'] }] })).toThrow(
      /\/VM\/NAME has U\+0000 at index 1/,
    );
    expect(() => buildXml({ name: 'VM', attributes: { a: '\uFFFF' } })).toThrow(/\/VM\/@a has U\+FFFF/);
    expect(() => buildXml({ name: 'a', children: [cdata('\u001b')] })).toThrow(ParameterError);
    expect(() => buildXml({ name: '1VM' })).toThrow(ParameterError);
  });

  it('writes parsed trees back (build → parse round trip)', () => {
    const xmlChar = fc
      .string({ unit: 'binary', maxLength: 12 })
      .filter((text) => findInvalidXmlChar(text) === -1);
    const text = fc.oneof(xmlChar, fc.constantFrom(']]>', '\r\n', '&amp;', '<![CDATA[', ' ', '\t'));
    const name = fc.constantFrom('VM', 'ID', 'NAME', 'TEMPLATE', 'x-y.z', '_a1');
    const tree = fc.letrec<{ element: XmlBuildElement; node: XmlBuildNode }>((tie) => ({
      element: fc.record({
        name,
        attributes: fc.dictionary(fc.constantFrom('a', 'b', 'ID', 'xml-v'), text, { maxKeys: 3 }),
        children: fc.array(tie('node'), { maxLength: 4 }),
      }),
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, text.map(cdata), tie('element')),
    })).element;
    fc.assert(
      fc.property(tree, (root) => {
        expect(parseXml(buildXml(root))).toEqual(expectedTree(root));
      }),
      { numRuns: 500 },
    );
  });
});

/** What parsing the built `element` must give: texts and CDATA merged, indentation-like text dropped. */
function expectedTree(element: XmlBuildElement): XmlElement {
  const children: XmlNode[] = [];
  for (const child of element.children ?? []) {
    const text = typeof child === 'string' ? child : 'kind' in child ? child.sections.join('') : undefined;
    if (text === undefined) children.push(expectedTree(child as XmlBuildElement));
    else if (typeof children.at(-1) === 'string') children[children.length - 1] += text;
    else if (text !== '') children.push(text);
  }
  const mixed = children.some((child) => typeof child !== 'string');
  const colon = element.name.indexOf(':');
  return {
    name: element.name,
    localName: colon === -1 ? element.name : element.name.slice(colon + 1),
    attributes: Object.fromEntries(Object.entries(element.attributes ?? {}).map(([k, v]) => [k, String(v)])),
    children: mixed
      ? children.filter((child) => typeof child !== 'string' || !/^[ \t\r\n]*$/.test(child))
      : children.filter((child) => child !== ''),
  };
}
