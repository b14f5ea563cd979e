/**
 * What the type of an answer needs to follow the microversion a call sends: the fields that exist
 * only in some microversions as the nested tree `AtMicroversion` reads (operation-types.ts), and
 * the branches of a `oneOf` by microversion as the tuple `BranchesAt` reads.
 */
import type { BodyIr, VersionRange } from './ir.js';
import { TypeText } from './literal.js';
import { compareVersions } from './spec.js';

/** A field of the tree: its range (when narrower than where its parent exists) and its own such fields. */
export interface FieldNode {
  min?: string;
  max?: string;
  fields?: FieldTree;
}

export type FieldTree = Record<string, FieldNode>;

/**
 * The IR's dotted paths (`flavor.links[].href`) as a tree by name, array items looked through
 * (`flavor → links → href`). A field that exists wherever its parent does says nothing and is left
 * out, unless fields under it do; undefined when nothing is left.
 */
export function fieldTree(fields: Readonly<Record<string, VersionRange>>): FieldTree | undefined {
  const root: FieldNode = {};
  for (const [path, range] of Object.entries(fields)) {
    const names = path
      .split('.')
      .map((segment) => segment.replace(/(\[\])+$/, ''))
      .filter((name) => name !== '');
    let node = root;
    for (const name of names) {
      node.fields ??= {};
      node = node.fields[name] ??= {};
    }
    if (node !== root) Object.assign(node, rangeOf(range));
  }
  return prune(root, {}).fields;
}

/** The node without what it says in vain, within `parent` (where its parent exists). */
function prune(node: FieldNode, parent: VersionRange): FieldNode {
  const own = rangeOf(node);
  const range = covers(own, parent) ? {} : own;
  const within = covers(own, parent) ? parent : own;
  const fields = Object.entries(node.fields ?? {}).flatMap(([name, child]) => {
    const kept = prune(child, within);
    return kept.min === undefined && kept.max === undefined && kept.fields === undefined
      ? []
      : [[name, kept]];
  });
  return { ...range, ...(fields.length > 0 ? { fields: Object.fromEntries(fields) } : {}) };
}

/** `outer` holds all of `inner`. */
function covers(outer: VersionRange, inner: VersionRange): boolean {
  const low =
    outer.min === undefined || (inner.min !== undefined && compareVersions(outer.min, inner.min) <= 0);
  const high =
    outer.max === undefined || (inner.max !== undefined && compareVersions(outer.max, inner.max) >= 0);
  return low && high;
}

function rangeOf(range: VersionRange): VersionRange {
  return {
    ...(range.min === undefined ? {} : { min: range.min }),
    ...(range.max === undefined ? {} : { max: range.max }),
  };
}

/**
 * The branches of a `oneOf` by microversion as the tuple `BranchesAt` reads: each range with the
 * branch's type as `typeOf` makes it (unwrapped as the answer is); undefined when the body has no
 * such branches or some branch has no named type.
 */
export function branchTuple(
  body: BodyIr,
  typeOf: (branchType: string) => string,
): { min?: string; max?: string; type: TypeText }[] | undefined {
  const { versions, branchTypes } = body;
  if (versions === undefined || branchTypes === undefined) return undefined;
  return versions.map((range, index) => ({
    ...rangeOf(range),
    type: new TypeText(typeOf(branchTypes[index] as string)),
  }));
}
