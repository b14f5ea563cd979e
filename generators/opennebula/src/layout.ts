/**
 * Keeping the generated lines within the repository formatter's width (biome's `lineWidth`),
 * broken where the formatter breaks them, and our own doc comments wrapped like upstream text.
 */
import { DOC_WIDTH, docText, fits } from '@overcast/generator-core';

/** `import type { … } from '…';`, one name a line when it does not fit on one. */
export function typeImport(names: readonly string[], from: string): string {
  const line = `import type { ${names.join(', ')} } from '${from}';`;
  if (fits(line, 0)) return line;
  return `import type {\n${names.map((name) => `  ${name},`).join('\n')}\n} from '${from}';`;
}

/** `items` in brackets (`(…)`, `[…]`, `{…}`): on one line after `prefix` when it fits, else one a line. */
export function list(
  prefix: string,
  [open, close]: readonly [string, string],
  items: readonly string[],
  suffix: string,
  indent: number,
): string {
  const pad = open === '{' && items.length > 0 ? ' ' : '';
  const line = `${prefix}${open}${pad}${items.join(', ')}${pad}${close}${suffix}`;
  if (fits(line, indent)) return line;
  const inner = '  '.repeat(indent + 1);
  const outer = '  '.repeat(indent);
  return `${prefix}${open}\n${items.map((item) => `${inner}${item},`).join('\n')}\n${outer}${close}${suffix}`;
}

/**
 * A doc comment text of ours (not upstream's): wrapped and made safe as upstream text is, with its
 * `{@link …}` tags kept.
 */
export function ownDoc(text: string, width = DOC_WIDTH): string {
  // A link's space is held by a private-use character through the wrapping, which never breaks it.
  const held = text.replace(/\{@link ([^}]*)\}/g, (link) => link.replaceAll(' ', '\uE000'));
  return docText(held, width).replaceAll('\uE000', ' ').replaceAll('{\\@link ', '{@link ');
}

/**
 * A doc comment at `indent` levels: the paragraphs (our own text), then the tags (`['param',
 * 'oid The VM…']`), each wrapped.
 */
export function docComment(
  paragraphs: readonly string[],
  tags: ReadonlyArray<[string, string]>,
  indent: number,
): string {
  const lines: string[] = [];
  for (const paragraph of paragraphs) {
    if (lines.length > 0) lines.push('');
    lines.push(...ownDoc(paragraph).split('\n'));
  }
  for (const [tag, text] of tags) {
    const [first = '', ...rest] = ownDoc(text, DOC_WIDTH - tag.length - 2).split('\n');
    lines.push(`@${tag} ${first}`, ...rest);
  }
  const pad = '  '.repeat(indent);
  if (lines.length === 1 && fits(`/** ${lines[0]} */`, indent)) return `${pad}/** ${lines[0]} */`;
  return [
    `${pad}/**`,
    ...lines.map((line) => (line === '' ? `${pad} *` : `${pad} * ${line}`)),
    `${pad} */`,
  ].join('\n');
}
