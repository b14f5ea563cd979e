/**
 * The model's documentation → the Markdown of a JSDoc comment. The model's Javadoc is AsciiDoc
 * (the upstream doc tool feeds it to Asciidoctor) mixed with Markdown fences; this converts the
 * subset it uses: paragraphs (reflowed), `*`/`-`/`.`/`1.` lists with `+` continuations, `NOTE:`
 * and `[IMPORTANT]` admonitions, `|===` tables, fenced and `....` code blocks (kept verbatim, an
 * XML tag too long for a line split between attributes), `//` comments, and the inline macros of
 * `asciidoc-inline.ts`.
 *
 * Why not a library: Asciidoctor.js renders HTML, not Markdown, and downdoc (the AsciiDoc →
 * Markdown converter on npm) escapes `<` as `&lt;` inside code blocks, drops `[IMPORTANT]` labels,
 * keeps the source's line breaks and knows nothing of `{@link}`: the code needed around it would
 * be as long as this converter for the subset the model uses.
 */
import { type LinkTargets, renderInline } from './asciidoc-inline.js';
import { fillParagraph, fitCodeLine } from './markdown-wrap.js';

/** One block of output; `tight` joins it to the previous block without a blank line. */
interface Block {
  lines: string[];
  tight: boolean;
}

const ADMONITION = /^(NOTE|TIP|IMPORTANT|WARNING|CAUTION):\s+(.*)$/;
const ADMONITION_STYLE = /^\[(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]$/;
const LIST_ITEM = /^\s*(\*{1,5}|-|\.{1,5}|\d+\.)\s+(.*)$/;
const FENCE = /^\s*(```|~~~)/;
const LITERAL = /^\.{4,}$/;
const TABLE = /^\|===$/;
const BLOCK_ATTRIBUTES = /^\[(?:cols|options|source|%)[^\]]*\]$/;
const COMMENT = /^\/\/(?!\/)/;
/** A line holding only the `*` of a Javadoc line the reader did not strip. */
const STRAY_ASTERISK = /^\s*\*\s*$/;

/** `text` (already made safe for a comment) as JSDoc Markdown filled to `width`. */
export function asciidocToMarkdown(text: string, targets: LinkTargets, width: number): string {
  return new Converter(text.split('\n'), targets, width).convert();
}

class Converter {
  private position = 0;
  private readonly blocks: Block[] = [];
  /** Content columns of the open list items, outermost first. */
  private readonly items: Array<{ level: number; column: number }> = [];

  constructor(
    private readonly lines: string[],
    private readonly targets: LinkTargets,
    private readonly width: number,
  ) {}

  convert(): string {
    while (this.position < this.lines.length) this.block();
    return this.blocks
      .map((block, index) => (index === 0 || block.tight ? '' : '\n') + block.lines.join('\n'))
      .join('\n');
  }

  private block(): void {
    const line = this.lines[this.position] ?? '';
    if (line.trim() === '' || STRAY_ASTERISK.test(line) || COMMENT.test(line)) {
      this.position++;
      return;
    }
    if (line === '+') {
      this.position++;
      this.continuation();
      return;
    }
    this.items.length = LIST_ITEM.test(line) ? this.items.length : 0;
    this.emit(this.leaf(''), false);
  }

  /** The block after a `+`: part of the open list item, indented to its content. */
  private continuation(): void {
    const indent = ' '.repeat(this.items.at(-1)?.column ?? 0);
    this.emit(this.leaf(indent), true);
  }

  /** The block starting at the current line, its lines indented by `indent`. */
  private leaf(indent: string): string[] {
    const line = this.lines[this.position] ?? '';
    const fence = FENCE.exec(line);
    if (fence !== null) return this.code(fence[1] ?? '```', line.trim(), indent);
    if (LITERAL.test(line)) return this.code(line, '```text', indent);
    const style = ADMONITION_STYLE.exec(line);
    if (style !== null) {
      this.position++;
      return this.paragraph(indent, `**${label(style[1] ?? '')}:** `);
    }
    if (BLOCK_ATTRIBUTES.test(line)) {
      this.position++;
      return TABLE.test(this.lines[this.position] ?? '') ? this.table(indent) : [];
    }
    if (TABLE.test(line)) return this.table(indent);
    const item = LIST_ITEM.exec(line);
    if (item !== null) return this.listItem(item[1] ?? '-', item[2] ?? '');
    const admonition = ADMONITION.exec(line);
    if (admonition !== null) {
      this.lines[this.position] = admonition[2] ?? '';
      return this.paragraph(indent, `**${label(admonition[1] ?? '')}:** `);
    }
    return this.paragraph(indent, '');
  }

  /** Lines up to the closing `delimiter`, as a fenced block opened by `opening`. */
  private code(delimiter: string, opening: string, indent: string): string[] {
    const body: string[] = [];
    this.position++;
    while (this.position < this.lines.length) {
      const line = this.lines[this.position++] ?? '';
      if (line.trim().startsWith(delimiter) && line.trim().length === delimiter.length) break;
      body.push(...fitCodeLine(line, this.width - indent.length, opening.replace(/^(```|~~~)/, '')));
    }
    const fence = opening.startsWith('~~~') ? '~~~' : '```';
    return [
      `${indent}${opening}`,
      ...body.map((line) => (line === '' ? '' : `${indent}${line}`)),
      `${indent}${fence}`,
    ];
  }

  /** A paragraph: its lines up to a blank line or the start of another block, reflowed. */
  private paragraph(indent: string, lead: string): string[] {
    const segments: string[][] = [[]];
    for (let taken = 0; this.position < this.lines.length; taken++) {
      const line = this.lines[this.position] ?? '';
      if (taken > 0 && (line.trim() === '' || this.startsBlock(line))) break;
      this.position++;
      // ` +` at a line end is a hard line break.
      const hard = / \+$/.test(line);
      segments.at(-1)?.push((hard ? line.slice(0, -2) : line).trim());
      if (hard) segments.push([]);
    }
    const filled = segments
      .filter((segment) => segment.length > 0)
      .map((segment, index) =>
        fillParagraph(
          renderInline(segment.join(' '), this.targets),
          this.width,
          index === 0 ? `${indent}${lead}` : indent,
          indent,
        ),
      );
    return filled.flatMap((lines, index) => (index < filled.length - 1 ? withHardBreak(lines) : lines));
  }

  /** A list item: its marker and the lines that continue it (AsciiDoc joins them). */
  private listItem(marker: string, first: string): string[] {
    const ordered = marker.startsWith('.') || /\d/.test(marker);
    const level = marker.startsWith('-') ? 1 : marker.replace(/\d+/, '.').length;
    while ((this.items.at(-1)?.level ?? 0) >= level) this.items.pop();
    const indent = ' '.repeat(this.items.at(-1)?.column ?? 0);
    const bullet = ordered ? (/\d/.test(marker) ? `${marker} ` : '1. ') : '- ';
    this.items.push({ level, column: indent.length + bullet.length });
    this.lines[this.position] = first;
    const text: string[] = [];
    while (this.position < this.lines.length) {
      const line = this.lines[this.position] ?? '';
      if (text.length > 0 && (line.trim() === '' || line === '+' || this.startsBlock(line))) break;
      text.push(line.trim());
      this.position++;
    }
    const rendered = renderInline(text.join(' '), this.targets);
    return fillParagraph(
      rendered,
      this.width,
      `${indent}${bullet}`,
      ' '.repeat(indent.length + bullet.length),
    );
  }

  /** `|===` … `|===`: a Markdown table, the first row its header. */
  private table(indent: string): string[] {
    const columnsAttribute = /cols="([^"]*)"/.exec(this.lines[this.position - 1] ?? '');
    this.position++;
    const cells: string[] = [];
    let columns = columnsAttribute?.[1]?.split(',').length ?? 0;
    while (this.position < this.lines.length && !TABLE.test(this.lines[this.position] ?? '')) {
      const line = this.lines[this.position++] ?? '';
      if (line.trim() === '') continue;
      if (!line.startsWith('|')) {
        // A cell's text goes on until the next `|`.
        cells.push(`${cells.pop() ?? ''} ${line.trim()}`);
        continue;
      }
      const row = line
        .slice(1)
        .split('|')
        .map((cell) => cell.trim());
      if (columns === 0) columns = row.length;
      cells.push(...row);
    }
    this.position++;
    const rows: string[] = [];
    for (let start = 0; start < cells.length; start += columns) {
      const row = cells
        .slice(start, start + columns)
        .map((cell) => cellText(renderInline(cell, this.targets)));
      const spaced = `${indent}| ${row.join(' | ')} |`;
      // A row cannot be wrapped: one too long for a line loses its padding.
      rows.push(spaced.length > this.width ? `${indent}|${row.join('|')}|` : spaced);
      if (start === 0) rows.push(`${indent}|${' --- |'.repeat(columns)}`);
    }
    return rows;
  }

  /** Whether `line` ends a paragraph: another block starts, or a line to drop. */
  private startsBlock(line: string): boolean {
    return [
      FENCE,
      LITERAL,
      TABLE,
      LIST_ITEM,
      ADMONITION,
      ADMONITION_STYLE,
      BLOCK_ATTRIBUTES,
      COMMENT,
      STRAY_ASTERISK,
    ].some((pattern) => pattern.test(line));
  }

  private emit(lines: string[], tight: boolean): void {
    if (lines.length > 0) this.blocks.push({ lines, tight: tight || this.isListContinuation(lines) });
  }

  /** Consecutive items of one list (of one kind) are written without blank lines between them. */
  private isListContinuation(lines: string[]): boolean {
    const kind = (line: string) => /^\s*(-|\d+\.)\s/.exec(line)?.[1]?.replace(/\d+/, '1');
    const previous = kind(this.blocks.at(-1)?.lines[0] ?? '');
    return this.items.length > 0 && previous !== undefined && previous === kind(lines[0] ?? '');
  }
}

function label(style: string): string {
  return `${style[0]}${style.slice(1).toLowerCase()}`;
}

/** A Markdown hard line break: a backslash at the end of the segment's last line. */
function withHardBreak(lines: string[]): string[] {
  return lines.map((line, index) => (index === lines.length - 1 ? `${line}\\` : line));
}

function cellText(markdown: string): string {
  return markdown.replace(/\|/g, '\\|');
}
