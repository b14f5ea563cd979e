/** Small builders for oned's documents: plain elements, templates, permissions and id lists. */
import type { XmlBuildElement, XmlBuildNode } from '@overcast/runtime/xml';
import type { Permissions } from './model.js';
import type { Template, TemplateValue } from './template.js';

/** `<name>children…</name>`; `undefined` children are left out. */
export function el(name: string, ...children: (XmlBuildNode | undefined)[]): XmlBuildElement {
  return { name, children: children.filter((child) => child !== undefined) };
}

/** `<name>value</name>`, or nothing for `undefined`. */
export function leaf(name: string, value: string | number | undefined): XmlBuildElement | undefined {
  return value === undefined ? undefined : el(name, String(value));
}

/** Leaves for several scalar fields of a record, in the given order. */
export function leaves(record: object, names: readonly string[]): (XmlBuildElement | undefined)[] {
  const values = record as Record<string, unknown>;
  return names.map((name) => {
    const value = values[name];
    return typeof value === 'string' || typeof value === 'number' ? leaf(name, value) : undefined;
  });
}

const PERMISSION_NAMES = [
  'OWNER_U',
  'OWNER_M',
  'OWNER_A',
  'GROUP_U',
  'GROUP_M',
  'GROUP_A',
  'OTHER_U',
  'OTHER_M',
  'OTHER_A',
] as const;

export function permissions(bits: Permissions): XmlBuildElement {
  return el('PERMISSIONS', ...PERMISSION_NAMES.map((name, i) => leaf(name, bits[i])));
}

/** An `IDS`-typed element: `<VMS><ID>3</ID>…</VMS>`. */
export function ids(name: string, values: readonly number[]): XmlBuildElement {
  return el(name, ...values.map((id) => leaf('ID', id)));
}

/** One template attribute: text, or a vector's pairs as child elements. */
function attributeElement(name: string, value: TemplateValue): XmlBuildElement {
  if (typeof value === 'string') return el(name, value);
  return el(name, ...value.map(([key, text]) => el(key, text)));
}

/** A whole template (`TEMPLATE`, `USER_TEMPLATE`) in its stored order. */
export function templateElement(name: string, template: Template): XmlBuildElement {
  return el(name, ...template.map(([key, value]) => attributeElement(key, value)));
}
