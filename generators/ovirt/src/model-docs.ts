/** The JSDoc of a documented model item: its AsciiDoc as Markdown, with `@deprecated` and `@since`. */
import { DOC_WIDTH, docText, GeneratorError, jsDocs } from '@overcast/generator-core';
import type { JSDocStructure, OptionalKind } from 'ts-morph';
import { asciidocToMarkdown } from './asciidoc.js';
import type { LinkTargets } from './asciidoc-inline.js';
import type { Documented } from './ir.js';

export function modelDocs(item: Documented, targets: LinkTargets): OptionalKind<JSDocStructure>[] {
  // `@since` is one line; the analyzer has put the text written after it into the description.
  const since = item.since?.split('\n')[0];
  const tags = jsDocs(undefined, {
    ...(item.deprecated ? { deprecated: true } : {}),
    ...(since === undefined ? {} : { since }),
  })[0]?.tags;
  // docText makes the upstream text safe for a comment (no `*/`, no stray tags, no control
  // characters) without wrapping it; the converter then adds the links and fills the lines.
  const safe = docText(item.doc ?? '', Number.POSITIVE_INFINITY);
  const description = safe === '' ? '' : asciidocToMarkdown(safe, targets, DOC_WIDTH);
  if (description.includes('*/')) throw new GeneratorError(`a comment would end early: ${description}`);
  if (description === '' && tags === undefined) return [];
  return [{ description, tags: tags ?? [] }];
}
