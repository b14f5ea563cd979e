/**
 * Doc comments from schema descriptions. Upstream text is untrusted: it may hold the end of a
 * comment, control characters, CRs, stray `@`s, HTML line breaks or megabyte-long lines. Whatever
 * it holds, the comment we emit is one well-formed JSDoc whose only tags are the ones we asked for.
 * Escapes use a backslash, which Markdown (and so an editor's hover) renders away.
 */
import type { JSDocStructure, JSDocTagStructure, OptionalKind } from 'ts-morph';

export const DOC_WIDTH = 100;

export interface DocTags {
  /** `true`, or what to use instead (an empty reason still deprecates). */
  deprecated?: boolean | string;
  /** The API version that introduced the documented thing. */
  since?: string;
}

/**
 * The `docs` of a ts-morph structure (`addJsDoc`, `docs: jsDocs(…)`): one JSDoc, or none when
 * there is neither description nor tag.
 */
export function jsDocs(description: string | undefined, tags: DocTags = {}): OptionalKind<JSDocStructure>[] {
  const text = docText(description ?? '');
  const tagStructures = docTags(tags);
  if (text === '' && tagStructures.length === 0) return [];
  return [{ description: text, tags: tagStructures }];
}

function docTags({ deprecated, since }: DocTags): OptionalKind<JSDocTagStructure>[] {
  const tags: OptionalKind<JSDocTagStructure>[] = [];
  if (deprecated !== undefined && deprecated !== false) {
    tags.push(tag('deprecated', deprecated === true ? '' : deprecated));
  }
  if (since !== undefined) tags.push(tag('since', since));
  return tags;
}

function tag(tagName: string, text: string): OptionalKind<JSDocTagStructure> {
  const cleaned = docText(text);
  return cleaned === '' ? { tagName } : { tagName, text: cleaned };
}

/**
 * `description` as comment text: line breaks normalised (`<br>` and `<p>` included), control and
 * bidirectional-override characters dropped, comment delimiters neutralised, `@`s that would start
 * a tag escaped, common indentation, trailing spaces and surplus blank lines removed, and long
 * lines wrapped at spaces (never inside a word, a URL or a fenced code block).
 */
export function docText(description: string, width = DOC_WIDTH): string {
  const lines = dedent(clean(description).split('\n'));
  return collapseBlankLines(wrapLines(lines, width)).join('\n');
}

function clean(text: string): string {
  return (
    text
      .replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
      .replace(/[ \t]*<br\s*\/?>[ \t]*/gi, '\n')
      .replace(/[ \t]*<\/?p(?:\s[^>]*)?>[ \t]*/gi, '\n\n')
      .replace(/\t/g, '  ')
      // Control characters but \n, and the bidi overrides and isolates that can make a comment
      // read unlike the code around it (Trojan Source).
      .replace(/[^\P{Cc}\n]|[\u202A-\u202E\u2066-\u2069]/gu, '')
      // A lone surrogate cannot be written to a UTF-8 file.
      .replace(/\p{Cs}/gu, '\uFFFD')
      // `*/` would end the comment; `/*` confuses ts-morph's writer, which tracks comments.
      .replace(/\/\*/g, '/\\*')
      .replace(/\*\//g, '*\\/')
      // TypeScript reads `@word` after a space, a line start or a `{` as a tag; `\@` is text.
      .replace(/(^|[\s{])@/g, '$1\\@')
  );
}

/** Removes the indentation all lines share (descriptions cut out of indented source have it). */
function dedent(lines: string[]): string[] {
  const indents = lines.filter((line) => line.trim() !== '').map((line) => leadingSpaces(line).length);
  const common = indents.reduce((least, indent) => Math.min(least, indent), Number.POSITIVE_INFINITY);
  return common === 0 || indents.length === 0 ? lines : lines.map((line) => line.slice(common));
}

function leadingSpaces(line: string): string {
  return /^ */.exec(line)?.[0] ?? '';
}

function wrapLines(lines: string[], width: number): string[] {
  const wrapped: string[] = [];
  let inFence = false;
  for (const line of lines.map((each) => each.trimEnd())) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence || line.length <= width) wrapped.push(line);
    else wrapped.push(...wrapLine(line, width));
  }
  return wrapped;
}

/** Breaks at spaces; continuation lines keep the line's indentation, so list items stay whole. */
function wrapLine(line: string, width: number): string[] {
  const indent = leadingSpaces(line);
  const words = line.slice(indent.length).split(/ +/);
  const result: string[] = [];
  let current = '';
  for (const word of words) {
    if (current !== '' && indent.length + current.length + 1 + word.length > width) {
      result.push(indent + current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  result.push(indent + current);
  return result;
}

/** Keeps paragraph breaks but never more than one blank line, and none at either end. */
function collapseBlankLines(lines: string[]): string[] {
  const kept = lines.filter((line, index) => line !== '' || (index > 0 && lines[index - 1] !== ''));
  while (kept[0] === '') kept.shift();
  while (kept.at(-1) === '') kept.pop();
  return kept;
}
