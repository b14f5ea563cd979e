import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DocTags, docText, jsDocs } from './docs.js';
import { parser, syntaxErrors } from './test-support/typescript.js';

describe('docText', () => {
  it.each([
    ['neutralises comment delimiters', 'a /* b */ c /*/', 'a /\\* b *\\/ c /\\*\\/'],
    ['normalises CRLF and CR', 'a\r\nb\rc', 'a\nb\nc'],
    ['drops control characters', 'a\u0000b\u0007c\u001b[31m', 'abc[31m'],
    ['drops bidi overrides', 'admin\u202E\u2066 user', 'admin user'],
    ['turns tabs into spaces', 'a\tb', 'a  b'],
    [
      'escapes an @ that would start a tag',
      '@param x\ncontact @admin or {@link X}',
      '\\@param x\ncontact \\@admin or {\\@link X}',
    ],
    ['keeps other @s', 'mail root@example.com', 'mail root@example.com'],
    [
      'trims and keeps one blank line between paragraphs',
      '\n\n  first\n\n\n\n  second  \n\n',
      'first\n\nsecond',
    ],
    ['reads <br> and <p> as breaks', 'one<br/>two <BR> three<p>four</p>', 'one\ntwo\nthree\n\nfour'],
    ['replaces lone surrogates', 'a\ud800b', 'a\ufffdb'],
    ['removes common indentation', '    def f():\n        return 1', 'def f():\n    return 1'],
  ])('%s', (_, description, expected) => {
    expect(docText(description)).toBe(expected);
  });

  it('wraps long lines at spaces, keeping indentation', () => {
    const words = Array.from({ length: 40 }, (_, index) => `word${index}`).join(' ');
    const lines = docText(`${words}\n\n  - ${words}`).split('\n');
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
    const item = lines.slice(lines.indexOf('') + 1);
    expect(item.every((line) => line.startsWith('  '))).toBe(true);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toBe(`${words} - ${words}`);
  });

  it('never breaks a long word or a fenced code block', () => {
    const url = `https://example.com/${'x'.repeat(300)}`;
    const code = `\`\`\`\n${'const a = 1; '.repeat(20)}\n\`\`\``;
    expect(docText(`see ${url}`)).toBe(`see\n${url}`);
    expect(docText(code)).toBe(code.replace(/ +\n/g, '\n'));
  });
});

describe('jsDocs', () => {
  it('is empty when there is nothing to say', () => {
    expect(jsDocs(undefined)).toEqual([]);
    expect(jsDocs(' \n\u0000 ')).toEqual([]);
  });

  it('adds @deprecated and @since', () => {
    expect(jsDocs('Old.', { deprecated: 'use `newThing`', since: '4.18' })).toEqual([
      {
        description: 'Old.',
        tags: [
          { tagName: 'deprecated', text: 'use `newThing`' },
          { tagName: 'since', text: '4.18' },
        ],
      },
    ]);
    expect(jsDocs(undefined, { deprecated: true })).toEqual([
      { description: '', tags: [{ tagName: 'deprecated' }] },
    ]);
  });

  it('prints as TypeScript reads it', () => {
    const doc = rendered('Lists VMs. Ends a comment? */ Not here.\n\n@since is text here', { since: '4.18' });
    expect(doc.description).toBe('Lists VMs. Ends a comment? *\\/ Not here.\n\n\\@since is text here');
    expect(doc.tags).toEqual([['since', '4.18']]);
  });
});

/** Text built from what breaks comments, tags and markdown, mixed with arbitrary Unicode. */
const hostile = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      '*/',
      '/*',
      '/**',
      '*',
      '/',
      '@',
      '@param',
      '{@link',
      '}',
      '\\',
      '`',
      '```',
      '<br>',
      '<p>',
      '\n',
    ),
    fc.constantFrom(' ', '\r', '\r\n', '\t', '\u2028', '\u0085', '\u202E', '\u0000', '\ud800', 'x'),
    fc.string({ unit: 'binary', maxLength: 3 }),
    fc.string({ unit: 'grapheme', maxLength: 3 }),
  ),
  maxLength: 60,
});
const longWord = fc.string({ unit: fc.constantFrom('a', '*', '/', '@'), minLength: 150, maxLength: 400 });
const docTags = fc.record(
  { deprecated: fc.oneof(fc.boolean(), hostile), since: hostile },
  { requiredKeys: [] },
) as fc.Arbitrary<DocTags>;

describe('jsDocs properties', () => {
  it('always yields one well-formed JSDoc carrying exactly the tags asked for', () => {
    fc.assert(
      fc.property(fc.oneof(hostile, longWord), docTags, (description, tags) => {
        const docs = jsDocs(description, tags);
        const doc = rendered(description, tags);
        const deprecated = tags.deprecated !== undefined && tags.deprecated !== false;
        const expectedTags = [
          ...(deprecated ? ['deprecated'] : []),
          ...(tags.since !== undefined ? ['since'] : []),
        ];
        expect(docs).toHaveLength(expectedTags.length > 0 || docText(description) !== '' ? 1 : 0);
        expect(doc.count).toBe(docs.length);
        expect(doc.tags.map(([name]) => name)).toEqual(expectedTags);
      }),
    );
  });
});

const project = parser();

/**
 * Emits a documented function and a documented class member with ts-morph, prints the file,
 * checks its syntax, parses it back and returns what TypeScript sees in the function's JSDoc.
 */
function rendered(description: string, tags: DocTags = {}) {
  const emitted = project.createSourceFile('/emit.ts', '', { overwrite: true });
  emitted.addFunction({ name: 'documented', docs: jsDocs(description, tags) });
  emitted.addClass({
    name: 'Holder',
    properties: [{ name: 'member', type: 'string', docs: jsDocs(description, tags) }],
  });
  const text = emitted.getFullText();
  expect(syntaxErrors(text)).toEqual([]);
  const parsed = project.createSourceFile('/parsed.ts', text, { overwrite: true });
  expect(parsed.getStatements()).toHaveLength(2);
  const docs = parsed.getFunctionOrThrow('documented').getJsDocs();
  expect(parsed.getClassOrThrow('Holder').getPropertyOrThrow('member').getJsDocs()).toHaveLength(docs.length);
  const tagsSeen = docs.flatMap((doc) =>
    doc.getTags().map((tag) => [tag.getTagName(), tag.getCommentText() ?? '']),
  );
  return { count: docs.length, description: docs[0]?.getDescription().trim(), tags: tagsSeen };
}
