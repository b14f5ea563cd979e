/**
 * The inline part of the model's AsciiDoc → JSDoc Markdown: `xref:` and `<<…>>` cross references
 * become `{@link}`s (or their text, when the generated code has no such target), `link:` and
 * `url[text]` macros Markdown links, `{attribute}` references the product names, `*strong*`
 * `**strong**`; `<` outside code spans is escaped so that Markdown does not read it as HTML.
 * Code spans are left as they are.
 */

/** What cross references point at, in the file the comment is written to. */
export interface LinkTargets {
  /**
   * The `{@link}` target of a model path (`types/vm`, `services/vms/methods/add`,
   * `types/vm_status/values/up`), or undefined when the generated code has none.
   */
  link(path: string): string | undefined;
  /** The title of a section of the model's documents (`documents/003_common_concepts/follow`). */
  section(anchor: string): string | undefined;
}

/**
 * The attributes the model's documentation refers to, as its build defines them (`pom.xml` of
 * ovirt-engine-api-model at the pinned commit: `product.name`, `engine.name`, `hypervisor.name`,
 * passed to the doc tool as `--adoc-attribute`). `virt-product-fullname` is defined nowhere in
 * that repository (a downstream documentation attribute): the product's name stands for it.
 * Any other `{name}` is left as written, as Asciidoctor does with an undefined attribute.
 */
export const DOC_ATTRIBUTES: Readonly<Record<string, string>> = {
  'product-name': 'oVirt',
  'engine-name': 'oVirt Engine',
  'hypervisor-name': 'oVirt Node',
  'virt-product-fullname': 'oVirt',
};

/** Where the model's documents are published, named in the text of a section reference. */
const GUIDE = 'the oVirt REST API guide';

/** Private-use characters around the index of a converted macro while the rest is converted. */
const HOLD_START = '\uE000';
const HOLD_END = '\uE001';

export function renderInline(text: string, targets: LinkTargets): string {
  const held: string[] = [];
  const hold = (markdown: string) => `${HOLD_START}${held.push(markdown) - 1}${HOLD_END}`;
  const macros = text
    .replace(/xref:([\w/.-]+)\[([^\]]*)\]/g, (_, path: string, label: string) =>
      hold(crossReference(path, label, targets)),
    )
    .replace(/<<([^,>\s]+)\s*(?:,\s*([^>]*))?>>/g, (_, path: string, label: string | undefined) =>
      hold(crossReference(path, label ?? '', targets)),
    )
    .replace(/(?:link:)?(https?:\/\/[^\s[\]]+)\[([^\]]*)\]/g, (_, url: string, label: string) =>
      hold(label.trim() === '' ? url : `[${plain(label)}](${url})`),
    )
    // A `link:` whose target is made of attributes the model never defines: only its text is left.
    .replace(/link:\S*?\[([^\]]*)\]/g, (_, label: string) => hold(plain(label)));
  const converted = macros
    .split(/(`[^`]*`)/)
    .map((part, index) => (index % 2 === 1 ? part : prose(part)))
    .join('');
  return converted.replace(
    new RegExp(`${HOLD_START}(\\d+)${HOLD_END}`, 'g'),
    (_, index: string) => held[Number(index)] ?? '',
  );
}

/** Text outside code spans and macros. */
function prose(text: string): string {
  return withAttributes(text)
    .replace(/(^|[\s(])\*(\S(?:[^*]*\S)?)\*(?=$|[\s.,;:!?)])/g, '$1**$2**')
    .replace(/</g, '\\<');
}

function withAttributes(text: string): string {
  return text.replace(/\{([a-z][\w-]*)\}/g, (reference, name: string) => DOC_ATTRIBUTES[name] ?? reference);
}

/** A label as plain text: attributes resolved, no code marks, nothing that would end a `{@link}`. */
function plain(label: string): string {
  return withAttributes(label).replace(/[`{}]/g, '').replace(/\s+/g, ' ').trim();
}

function crossReference(path: string, label: string, targets: LinkTargets): string {
  const text = plain(label);
  const target = targets.link(path);
  if (target !== undefined) {
    const shown = target.split('.').at(-1);
    return text === '' || text === shown ? `{@link ${target}}` : `{@link ${target} | ${text}}`;
  }
  const section = targets.section(path);
  if (section !== undefined) return `${text === '' ? section : text} (“${section}” in ${GUIDE})`;
  return text === '' ? `\`${path}\`` : text;
}
