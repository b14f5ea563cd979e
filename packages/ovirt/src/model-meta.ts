/**
 * The shape of the generated model tables (`generated/model.ts`) that drive XML reading and
 * writing: one entry per struct, one value list per enum.
 */

/** Member flag: the member is a list (`Vm.nics`). */
export const LIST = 1;
/** Member flag: the member is a link (`<link rel="nics" href="…"/>` or an element with an `href`). */
export const LINK = 2;

/**
 * `[property, xml tag, type, flags?, item tag?]`. `type` is a primitive (`string`, `integer`,
 * `boolean`, `decimal`, `date`), an enum or a struct name. `item tag` names the items of a list of
 * primitives or enums (`<usages><usage>vm</usage></usages>`); struct items use their type's tag.
 */
export type MemberMeta = readonly [
  property: string,
  tag: string,
  type: string,
  flags?: number,
  itemTag?: string,
];

export interface StructMeta {
  /** Singular tag (`vm`): the root of a single answer. */
  tag: string;
  /** Plural tag (`vms`): the root of a list answer. */
  plural: string;
  base?: string;
  /** Declared members only; a base's members are inherited. */
  members: readonly MemberMeta[];
}

/** A list link's value: the items (when inlined or followed) and the `href` to follow. */
export type List<T> = T[] & { href?: string };
