import { ParameterError } from '@overcast/runtime/errors';
import { parseXml } from '@overcast/runtime/xml';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTemplate } from './decode.js';
import { parseTemplateText, toTemplate } from './template.js';
import type { Template, TemplateInput } from './template-types.js';

describe('toTemplate', () => {
  it('writes flat objects as KEY="value" lines, escaping quotes only', () => {
    expect(toTemplate({ LABELS: 'HD', MEMORY: 1024, NOTE: 'say "hi" \\ there' })).toBe(
      'LABELS="HD"\nMEMORY="1024"\nNOTE="say \\"hi\\" \\ there"\n',
    );
  });

  it('writes vectors and repeated vectors', () => {
    expect(
      toTemplate({
        NAME: 'test',
        DISK: [{ IMAGE_ID: 1 }, { IMAGE_ID: 2, TARGET: 'vdb' }],
        NIC: { NETWORK_ID: 0 },
      }),
    ).toBe(
      'NAME="test"\nDISK=[ IMAGE_ID="1" ]\nDISK=[ IMAGE_ID="2", TARGET="vdb" ]\nNIC=[ NETWORK_ID="0" ]\n',
    );
  });

  it('writes a root object as XML with CDATA, splitting ]]>', () => {
    expect(toTemplate({ TEMPLATE: { NAME: 'abc', MEMORY: '1024', EVIL: 'a]]>b<c&' } })).toBe(
      '<TEMPLATE><NAME><![CDATA[abc]]></NAME><MEMORY><![CDATA[1024]]></MEMORY><EVIL><![CDATA[a]]]]><![CDATA[>b<c&]]></EVIL></TEMPLATE>',
    );
  });

  it('passes strings through untouched', () => {
    expect(toTemplate('NAME="test100"\nMEMORY="1024"')).toBe('NAME="test100"\nMEMORY="1024"');
  });

  it('refuses what it cannot write faithfully', () => {
    expect(() => toTemplate({})).toThrow(/empty template/);
    expect(() => toTemplate({ A: 'ends in \\' })).toThrow(ParameterError);
    expect(() => toTemplate({ 'NOT A NAME': 'x' })).toThrow(/not a template attribute name/);
    expect(() => toTemplate({ A: null } as unknown as TemplateInput)).toThrow(/got null/);
    expect(() => toTemplate({ A: [] })).toThrow(/empty array/);
    expect(() => toTemplate({ A: 'x', DISK: { INNER: { DEEP: 1 } } })).toThrow(/use the XML form/);
    expect(() => toTemplate({ TEMPLATE: {} })).toThrow(/empty/);
  });
});

describe('parseTemplateText', () => {
  it('reads quoted and bare values, vectors and comments', () => {
    expect(
      parseTemplateText(
        '# a comment\nNAME = "a \\"b\\""\nCPU=1\nDISK = [ IMAGE_ID = "1",\n TARGET = vda ]\nDISK=[IMAGE_ID=2]\n',
      ),
    ).toEqual({
      NAME: 'a "b"',
      CPU: '1',
      DISK: [{ IMAGE_ID: '1', TARGET: 'vda' }, { IMAGE_ID: '2' }],
    });
  });

  it('says where malformed text goes wrong', () => {
    expect(() => parseTemplateText('NAME "x"')).toThrow(/offset 5: expected "="/);
    expect(() => parseTemplateText('NAME = "x')).toThrow(/closing quote/);
  });
});

// Values any template can carry: no NUL/controls XML refuses, no trailing backslash in text form.
const value = fc
  .string({ unit: 'grapheme', maxLength: 12 })
  .filter((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\r]/.test(s));
const name = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/);
const vector = fc.dictionary(name, value, { minKeys: 1, maxKeys: 4 });
const attribute = fc.oneof(
  value,
  fc.array(value, { minLength: 2, maxLength: 3 }),
  fc.array(vector, { minLength: 1, maxLength: 3 }),
);
const template = fc.dictionary(name, attribute, { minKeys: 1, maxKeys: 6 }) as fc.Arbitrary<Template>;

describe('round trips (property)', () => {
  it('template text parses back to the object it came from', () => {
    const textSafe = (t: Template) => !Object.values(t).flat().some(endsInBackslash);
    fc.assert(
      fc.property(template.filter(textSafe), (input) => {
        expect(parseTemplateText(toTemplate(input))).toEqual(input);
      }),
    );
  });

  it('a root object becomes XML that decodes back to it', () => {
    fc.assert(
      fc.property(template, (input) => {
        const xml = toTemplate({ TEMPLATE: input });
        expect(decodeTemplate(parseXml(xml), 'TEMPLATE')).toEqual(input);
      }),
    );
  });
});

function endsInBackslash(value: string | Template): boolean {
  return typeof value === 'string'
    ? value.endsWith('\\')
    : Object.values(value).some((v) => String(v).endsWith('\\'));
}
