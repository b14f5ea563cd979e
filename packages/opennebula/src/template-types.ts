/**
 * Templates as plain objects. The rule, which never depends on how many children an attribute
 * happens to have:
 *
 * - a vector attribute (`DISK=[ IMAGE_ID="1" ]`, an element with child elements) is **always an
 *   array** of objects, even when there is one — `vm.TEMPLATE.DISK` is `Template[]` for one disk
 *   and for five;
 * - a single attribute (`MEMORY="1024"`, an element with only text) is a string; OpenNebula lets a
 *   single attribute repeat, and then its values come as an array of strings.
 *
 * pyone's rule (xmltodict's) decides by count: one `DISK` gives a dict, two give a list, so
 * `for disk in vm.TEMPLATE['DISK']` iterates over a disk's keys when the VM has one disk — the
 * bug shows only on some VMs (pyone patched `SNAPSHOT` alone).
 */
export interface Template {
  [attribute: string]: TemplateValue;
}

export type TemplateValue = string | string[] | Template[];

/** A scalar a template attribute may be given as; it is sent as its string form. */
export type TemplateScalar = string | number | bigint | boolean;

/**
 * What template parameters accept besides template text. `{ NAME: 'x', DISK: [{ IMAGE_ID: 1 }] }`
 * becomes template text; `{ TEMPLATE: { … } }` (one key holding an object) becomes XML.
 */
export interface TemplateInput {
  readonly [attribute: string]: TemplateInputValue;
}

export type TemplateInputValue =
  | TemplateScalar
  | TemplateInput
  | ReadonlyArray<TemplateScalar | TemplateInput>;
