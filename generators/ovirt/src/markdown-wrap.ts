/**
 * Line filling for JSDoc Markdown: paragraphs reflowed to a width without ever breaking inside a
 * `{@link …}` (TypeScript ends a link at a line break) and without starting a line with something
 * Markdown would read as a new block (`- `, `1. `, `# `, `> `, a fence); and XML start tags too long
 * for a line split between their attributes, shell commands between their words.
 */

/** A word, or a `{@link …}` with what is glued to it (`({@link Vm | VM}),`). */
const WORDS = /\S*\{@link [^}]*\}\S*|\S+/g;

/** Words that would open a block at the start of a line. */
const BLOCK_START = /^([-*+>]|#{1,6}|\d+[.)]|```.*|~~~.*)$/;

/** `text` filled to `width` columns, the first line after `first`, the others after `rest`. */
export function fillParagraph(text: string, width: number, first = '', rest = first): string[] {
  const lines: string[][] = [[]];
  let length = first.length;
  for (const word of text.match(WORDS) ?? []) {
    const current = lines[lines.length - 1] ?? [];
    if (current.length > 0 && length + 1 + word.length > width) {
      // Never leave a block marker at a line start: it takes the previous word along.
      const carried = BLOCK_START.test(word) && current.length > 1 ? [current.pop() ?? ''] : [];
      lines.push([...carried, word]);
      length = rest.length + [...carried, word].join(' ').length;
    } else {
      current.push(word);
      length += (current.length > 1 ? 1 : 0) + word.length;
    }
  }
  return lines.map((words, index) => `${index === 0 ? first : rest}${words.join(' ')}`);
}

/** `<tag a="1" b="2">rest`, the tag alone on its line, then one attribute a line. */
const START_TAG = /^(\s*)(<[\w:.-]+)((?:\s+[\w:.-]+="[^"]*")+)(\s*\/?>.*)$/;

/** Languages whose lines go on after a ` \` at their end. */
const SHELLS = new Set(['bash', 'console', 'sh', 'shell']);

/**
 * A code line longer than `width` split where the language allows it without changing the
 * example: an XML start tag between its attributes, a shell command (without quotes) between its
 * words with ` \` continuations. Other lines are kept whole.
 */
export function fitCodeLine(line: string, width: number, language = ''): string[] {
  if (line.length <= width) return [line];
  if (SHELLS.has(language) && !/['"\\]/.test(line)) {
    const indent = /^ */.exec(line)?.[0] ?? '';
    return fillParagraph(line.trim(), width - 2, indent, `${indent}    `).map((part, index, parts) =>
      index < parts.length - 1 ? `${part} \\` : part,
    );
  }
  const tag = START_TAG.exec(line);
  if (tag === null) return [line];
  const [, indent = '', name = '', attributes = '', end = ''] = tag;
  const each = attributes.trim().split(/\s+(?=[\w:.-]+=")/);
  return [
    `${indent}${name}`,
    ...each.map((attribute, index) => {
      const last = index === each.length - 1;
      return `${indent}  ${attribute}${last ? end.trimStart() : ''}`;
    }),
  ];
}
