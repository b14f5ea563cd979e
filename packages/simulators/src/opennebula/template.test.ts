import { describe, expect, it } from 'vitest';
import { ONE_ERROR } from './errors.js';
import { mergeTemplate, parseTemplate, withAttribute } from './template.js';

describe('parseTemplate', () => {
  it('reads names, quoted and bare values, vectors and comments as oned does', () => {
    const text = [
      '# a comment',
      'name = "web server"',
      'CPU=0.5 # trailing comment',
      'NOTE = "say \\"hi\\" \\n"',
      'DISK = [ IMAGE_ID = "0",',
      '  target = vda ]',
      'DISK=[IMAGE_ID=1]',
    ].join('\n');
    expect(parseTemplate(text)).toEqual([
      ['NAME', 'web server'],
      ['CPU', '0.5'],
      ['NOTE', 'say "hi" \\n'],
      [
        'DISK',
        [
          ['IMAGE_ID', '0'],
          ['TARGET', 'vda'],
        ],
      ],
      ['DISK', [['IMAGE_ID', '1']]],
    ]);
  });

  it('reads XML templates, ignoring the root name, CDATA included', () => {
    expect(
      parseTemplate(
        '<TEMPLATE><A><![CDATA[x]]]]><![CDATA[>y]]></A><NIC><NETWORK_ID>3</NETWORK_ID></NIC><E/></TEMPLATE>',
      ),
    ).toEqual([
      ['A', 'x]]>y'],
      ['NIC', [['NETWORK_ID', '3']]],
      ['E', ''],
    ]);
  });

  it.each(['A = "open', 'A', '= 1', 'A = [ B = 1', 'A = [ B = 1 C = 2 ]', '<T><A></T>'])(
    'answers INTERNAL with a parse message for %j',
    (source) => {
      expect(() => parseTemplate(source)).toThrow(
        expect.objectContaining({
          code: ONE_ERROR.INTERNAL,
          message: expect.stringMatching(/^Parse error: /),
        }),
      );
    },
  );
});

describe('changing templates', () => {
  it('merges by replacing every attribute of a changed name and appending new ones', () => {
    expect(
      mergeTemplate(
        [
          ['A', '1'],
          ['D', [['X', '1']]],
          ['D', [['X', '2']]],
          ['B', '2'],
        ],
        [
          ['D', [['X', '3']]],
          ['C', '4'],
        ],
      ),
    ).toEqual([
      ['A', '1'],
      ['B', '2'],
      ['D', [['X', '3']]],
      ['C', '4'],
    ]);
  });

  it('sets an attribute in place of its first occurrence', () => {
    expect(
      withAttribute(
        [
          ['A', '1'],
          ['B', '2'],
          ['A', '3'],
        ],
        'A',
        'x',
      ),
    ).toEqual([
      ['A', 'x'],
      ['B', '2'],
    ]);
    expect(withAttribute([], 'A', 'x')).toEqual([['A', 'x']]);
  });
});
