/**
 * botocore's documentation HTML → Markdown for JSDoc: `<p>` paragraphs, `<code>` spans, links
 * (`<a href>` → `[text](url)`, a bare `<a>Operation</a>` → `` `Operation` ``), `<i>`/`<b>`
 * emphasis, nested `<ul>`/`<ol>` lists, `<note>`/`<important>` callouts and `<br>`; other tags
 * are dropped and entities decoded. Source whitespace is insignificant, as in HTML. The result goes
 * through generator-core's `jsDocs`, which makes any text safe inside a comment.
 */

const PARA = '\u0000P';
const LINE = '\u0000L';
const INDENT = '\u0001';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** `html` as Markdown text (no comment delimiters are handled here). */
export function docMarkdown(html: string): string {
  if (html === '') return '';
  const out: string[] = [];
  const lists: string[] = [];
  const links: Array<string | undefined> = [];
  let inItem = 0;
  for (const token of html.split(/(<[^>]*>)/)) {
    if (token === '') continue;
    if (!token.startsWith('<')) {
      out.push(decodeEntities(token).replace(/\s+/g, ' '));
      continue;
    }
    const match = /^<\s*(\/?)\s*([a-zA-Z0-9]+)([^>]*?)\/?\s*>$/.exec(token);
    if (!match) {
      out.push(decodeEntities(token).replace(/\s+/g, ' '));
      continue;
    }
    const closing = match[1] === '/';
    const tag = (match[2] as string).toLowerCase();
    const attributes = match[3] ?? '';
    switch (tag) {
      case 'p':
        if (inItem === 0) out.push(PARA);
        else if (!closing) out.push(' ');
        break;
      case 'ul':
      case 'ol':
        if (closing) lists.pop();
        else lists.push(tag);
        if (lists.length === 0) out.push(PARA);
        else if (closing) out.push(LINE);
        else out.push(lists.length === 1 ? PARA : LINE);
        break;
      case 'li':
        if (closing) {
          inItem = Math.max(0, inItem - 1);
        } else {
          inItem++;
          out.push(
            LINE,
            INDENT.repeat(Math.max(0, lists.length - 1) * 2),
            lists.at(-1) === 'ol' ? '1. ' : '- ',
          );
        }
        break;
      case 'code':
        delimit(out, '`', closing);
        break;
      case 'a': {
        if (closing) {
          const href = links.pop();
          if (href === undefined) delimit(out, '`', true);
          else out.push(`](${href})`);
        } else {
          const href = /\bhref\s*=\s*"([^"]*)"/i.exec(attributes)?.[1];
          links.push(href === undefined ? undefined : decodeEntities(href));
          out.push(href === undefined ? '`' : '[');
        }
        break;
      }
      case 'i':
      case 'em':
        delimit(out, '_', closing);
        break;
      case 'b':
      case 'strong':
        delimit(out, '**', closing);
        break;
      case 'note':
        out.push(PARA, closing ? '' : 'Note: ');
        break;
      case 'important':
        out.push(PARA, closing ? '' : 'Important: ');
        break;
      case 'br':
        out.push(LINE);
        break;
      default:
        break;
    }
  }
  return tidy(out.join(''));
}

/**
 * Opens or closes a span; a span around nothing leaves nothing, and spaces just inside the
 * delimiters move outside (Markdown does not read `` ` x` `` as intended).
 */
function delimit(out: string[], marker: string, closing: boolean): void {
  if (!closing) {
    out.push(marker);
    return;
  }
  let trailing = '';
  while (out.length > 0 && /^ +$/.test(out.at(-1) as string)) trailing = (out.pop() as string) + trailing;
  const last = out.at(-1);
  if (last === marker) {
    out.pop();
  } else if (last?.endsWith(' ')) {
    out[out.length - 1] = last.trimEnd();
    trailing = ' ';
  }
  if (last !== marker) out.push(marker);
  if (trailing !== '') out.push(' ');
}

function tidy(text: string): string {
  const lines = text
    .replace(/ *\u0000P */g, '\n\n')
    .replace(/(?: *\u0000L *)+/g, '\n')
    .split('\n')
    .map((line) =>
      line
        .replace(/^ +/, '')
        .replace(/ +$/, '')
        .replace(/\u0001/g, ' ')
        .replace(/^( *[-1]\.? ) +/, '$1'),
    );
  const kept: string[] = [];
  for (const line of lines) {
    if (line === '' && (kept.length === 0 || kept.at(-1) === '')) continue;
    kept.push(line);
  }
  while (kept.at(-1) === '') kept.pop();
  return kept.join('\n');
}
