/**
 * Typed reads of a template's values. A `Template` (template-types.ts) maps each name to a string,
 * an array of strings (a single attribute given more than once) or an array of vectors, so
 * `vm.TEMPLATE.NIC[0].IP` does not compile: `vector` and `single` say which one you expect.
 *
 * ```ts
 * const nics = vector(vm.TEMPLATE, 'NIC'); // Template[], [] when the VM has none
 * const ip = single(nics[0], 'IP'); // string | undefined
 * ```
 */
import type { Template } from './template-types.js';

/**
 * The vectors named `name` (`DISK=[ … ]`), in order: `[]` when there is none (or `template` is
 * undefined, as the first of an empty list). Throws a `TypeError` when `name` is a single
 * attribute.
 */
export function vector(template: Template | undefined, name: string): Template[] {
  const value = template?.[name];
  if (value === undefined) return [];
  if (typeof value === 'string' || value.some((item) => typeof item === 'string'))
    throw new TypeError(
      `Template attribute ${name} is a single attribute, not a vector: read it with single()`,
    );
  return value as Template[];
}

/**
 * The value of the single attribute `name` (`MEMORY="1024"`), undefined when there is none (or
 * `template` is undefined); of one given more than once, the first. Throws a `TypeError` when
 * `name` is a vector.
 */
export function single(template: Template | undefined, name: string): string | undefined {
  const value = template?.[name];
  if (value === undefined || typeof value === 'string') return value;
  const [first] = value;
  if (first === undefined) return undefined;
  if (typeof first !== 'string')
    throw new TypeError(
      `Template attribute ${name} is a vector, not a single attribute: read it with vector()`,
    );
  return first;
}
