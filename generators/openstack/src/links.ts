/**
 * Relative links in the specs' descriptions (`[the versions call](../versions/index.html)`) point
 * into the API reference the text was written for; in JSDoc, and in the API reference built from
 * it, they would point nowhere. They are made absolute against the service's `apiReference`.
 */
import { isObject } from './spec.js';

/** A Markdown link's target that is neither absolute (`scheme:`), nor site-rooted, nor an anchor. */
const RELATIVE_LINK = /\]\((?![a-z][a-z0-9+.-]*:|\/|#)([^)\s]+)\)/gi;
const TEXT_KEYS = new Set(['description', 'summary']);

/**
 * Rewrites, in place, every relative Markdown link of every `description` and `summary` of
 * `document` against `base`.
 *
 * @throws Error naming the link and where it is, when the spec has one and no `base` is known
 */
export function absoluteLinks(document: unknown, base: string | undefined, service: string): void {
  const visit = (node: unknown, where: string): void => {
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) visit(item, `${where}[${index}]`);
      return;
    }
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string' && TEXT_KEYS.has(key)) {
        node[key] = value.replace(RELATIVE_LINK, (_link, target: string) => {
          if (base === undefined) {
            throw new Error(
              `${service}: ${where}.${key} links to the relative "${target}": give the service an apiReference to resolve it against`,
            );
          }
          return `](${new URL(target, base).href})`;
        });
      } else {
        visit(value, `${where}.${key}`);
      }
    }
  };
  visit(document, '#');
}
