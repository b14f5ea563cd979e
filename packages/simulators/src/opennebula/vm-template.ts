/**
 * A VM's `TEMPLATE` is a closed, ordered sequence in vm.xsd (unlike every other object's free-form
 * template): oned keeps the attributes it knows there and everything else in `USER_TEMPLATE`.
 * The simulator splits a VM's template the same way, with vm.xsd's element order and kinds.
 */
import type { Template } from './template.js';

/** `text`: an `xs:string` element (a vector cannot go there); `any`: untyped, text or vector. */
type Kind = 'text' | 'any';

/** vm.xsd's `VM/TEMPLATE` children in order; `true` marks the repeatable ones. The typed
 * vectors (VIDEO, SNAPSHOT, QEMU_GA_EXEC, TPM, MEMORY_ENCRYPTION, SCHED_ACTION) are not modelled
 * and stay in USER_TEMPLATE. */
const VM_TEMPLATE: readonly [name: string, kind: Kind, repeats?: true][] = [
  ['AUTOMATIC_DS_REQUIREMENTS', 'text'],
  ['AUTOMATIC_NIC_REQUIREMENTS', 'text'],
  ['AUTOMATIC_REQUIREMENTS', 'text'],
  ['CLONING_TEMPLATE_ID', 'text'],
  ['CONTEXT', 'any'],
  ['CPU', 'text'],
  ['CPU_COST', 'text'],
  ['DISK', 'any', true],
  ['DISK_COST', 'text'],
  ['EMULATOR', 'text'],
  ['FEATURES', 'any'],
  ['HYPERV_OPTIONS', 'any'],
  ['GRAPHICS', 'any'],
  ['IMPORTED', 'text'],
  ['INPUT', 'any'],
  ['MEMORY', 'text'],
  ['MEMORY_COST', 'text'],
  ['MEMORY_MAX', 'text'],
  ['MEMORY_SLOTS', 'text'],
  ['MEMORY_RESIZE_MODE', 'text'],
  ['NIC', 'any', true],
  ['NIC_ALIAS', 'any', true],
  ['NIC_DEFAULT', 'any'],
  ['NUMA_NODE', 'any'],
  ['OS', 'any'],
  ['PCI', 'any', true],
  ['RAW', 'any'],
  ['SECURITY_GROUP_RULE', 'any', true],
  ['SPICE_OPTIONS', 'any'],
  ['SUBMIT_ON_HOLD', 'text'],
  ['TEMPLATE_ID', 'text'],
  ['TM_MAD_SYSTEM', 'text'],
  ['TOPOLOGY', 'any'],
  ['VCPU', 'text'],
  ['VCPU_MAX', 'text'],
  ['VMGROUP', 'any'],
  ['VMID', 'text'],
  ['VROUTER_ID', 'text'],
  ['VROUTER_KEEPALIVED_ID', 'text'],
  ['VROUTER_KEEPALIVED_PASSWORD', 'text'],
];

const POSITION = new Map(VM_TEMPLATE.map(([name, kind, repeats], index) => [name, { index, kind, repeats }]));

/** vm_pool.xsd's reduced `VM/TEMPLATE`: only these, in this order. */
const POOL_ATTRIBUTES = ['CPU', 'MEMORY', 'VCPU', 'DISK', 'NIC', 'GRAPHICS'];

/** Splits a VM's attributes into what goes in `TEMPLATE` and what in `USER_TEMPLATE`. */
export function splitVmTemplate(attributes: Template): { system: Template; user: Template } {
  const system: Template = [];
  const user: Template = [];
  for (const entry of attributes) {
    const [name, value] = entry;
    const known = POSITION.get(name);
    const fits =
      known !== undefined &&
      (known.kind === 'any' || typeof value === 'string') &&
      (known.repeats === true || !system.some(([taken]) => taken === name));
    (fits ? system : user).push(entry);
  }
  return { system, user };
}

/** The system template in vm.xsd's order (`full`) or reduced to vm_pool.xsd's subset (`pool`). */
export function vmSystemTemplate(system: Template, view: 'full' | 'pool'): Template {
  const kept = view === 'full' ? system : system.filter(([name]) => POOL_ATTRIBUTES.includes(name));
  const order = (name: string) =>
    (view === 'full' ? POSITION.get(name)?.index : POOL_ATTRIBUTES.indexOf(name)) ?? 0;
  return kept
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => order(a.entry[0]) - order(b.entry[0]) || a.i - b.i)
    .map(({ entry }) => entry);
}
