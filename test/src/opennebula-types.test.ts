/**
 * The types of @overcast/opennebula as a user gets them (the built package, this workspace's strict
 * settings): state fields are their constant groups' unions, so an impossible state or a misspelt
 * field does not compile; `nameOf` names a value as narrowly as it is typed; `vector` and `single`
 * narrow a template's values; the named pool filters and permissions fit the methods; the README's
 * snippets compile as written. Each `@ts-expect-error` line must fail to compile, or tsc reports
 * the directive as unused; each `same<A, B>()` line fails unless the two types are the same.
 */
import { describe, expect, it } from 'vitest';
import { codeBlocks, readme, SAME_TYPE_DECLARATION, typeErrorsAfter } from './support/readme.js';

const PRELUDE = `
import {
  chmodParams,
  HOST_STATES,
  IMAGE_TYPES,
  LCM_STATE,
  nameOf,
  type OneServer,
  PERMISSION,
  POOL_FILTER,
  single,
  type Template,
  vector,
  VM_STATE,
  type Host,
  type Image,
  type Vm,
  type VmPoolVm,
} from '@overcast/opennebula';
declare const one: OneServer;
declare const vm: Vm;
declare const pooled: VmPoolVm;
declare const image: Image;
declare const host: Host;
declare const someNumber: number;
/** Compiles only when A and B are the same type. */
${SAME_TYPE_DECLARATION}
`;

/** The type errors of `body` after the prelude (an empty list when it compiles as annotated). */
const check = typeErrorsAfter(PRELUDE);

describe('the types of @overcast/opennebula', () => {
  it('type the state fields as their constant groups, so impossible states and typos do not compile', () => {
    expect(
      check(`
same<typeof vm.STATE, VM_STATE>();
same<typeof vm.LCM_STATE, LCM_STATE>();
same<typeof pooled.STATE, VM_STATE>();
same<typeof image.TYPE, IMAGE_TYPES>();
same<typeof host.STATE, HOST_STATES>();
if (vm.STATE === VM_STATE.ACTIVE && vm.LCM_STATE === LCM_STATE.RUNNING) console.log('up');
if (vm.STATE === 3) console.log('active');
// @ts-expect-error: no VM state is 99
if (vm.STATE === 99) console.log('never');
// @ts-expect-error: 7 (FAILED) is retired
const failed: VM_STATE = 7;
// @ts-expect-error: an LCM state compared with a VM state's name
if (vm.LCM_STATE === 'RUNNING') console.log('never');
// @ts-expect-error: 'STAT' is not a field (STATE is)
console.log(vm.STAT);
// @ts-expect-error: 'LCM_STAT' is not a field
console.log(vm.LCM_STAT);
// @ts-expect-error: a host has no LCM state
console.log(host.LCM_STATE);
export { failed };
`),
    ).toEqual([]);
  }, 60_000);

  it('name a value with nameOf, as narrowly as the value is typed', () => {
    expect(
      check(`
same<ReturnType<typeof nameOf<typeof VM_STATE, 3>>, 'ACTIVE'>();
const active = nameOf(VM_STATE, 3);
same<typeof active, 'ACTIVE'>();
const state = nameOf(VM_STATE, vm.STATE);
same<typeof state, keyof typeof VM_STATE>();
const any = nameOf(LCM_STATE, someNumber);
same<typeof any, keyof typeof LCM_STATE | undefined>();
const missing = nameOf(VM_STATE, 99);
same<typeof missing, undefined>();
// @ts-expect-error: a name may be undefined for a plain number
const name: string = nameOf(VM_STATE, someNumber);
export { name };
`),
    ).toEqual([]);
  }, 60_000);

  it('narrow template values with vector and single, where indexing does not compile', () => {
    expect(
      check(`
// @ts-expect-error: a template value may be a string, strings or vectors
console.log(vm.TEMPLATE.NIC[0].IP);
const nics = vector(vm.TEMPLATE, 'NIC');
same<typeof nics, Template[]>();
const first = vector(vm.TEMPLATE, 'NIC')[0];
same<typeof first, Template | undefined>();
const ip = single(first, 'IP');
same<typeof ip, string | undefined>();
const memory = single(vm.TEMPLATE, 'MEMORY');
same<typeof memory, string | undefined>();
const ips: string[] = nics.flatMap((nic) => single(nic, 'IP') ?? []);
// @ts-expect-error: single gives string | undefined
const sure: string = single(vm.TEMPLATE, 'NAME');
export { ips, sure };
`),
    ).toEqual([]);
  }, 60_000);

  it('take the named pool filters and permissions, and chmodParams spread into any chmod', () => {
    expect(
      check(`
await one.vmpool.info(POOL_FILTER.MINE_AND_GROUPS, -1, -1, -1);
await one.imagepool.info(POOL_FILTER.ALL, 0, -100);
await one.vm.chmod(7, ...chmodParams('640'));
await one.template.chmod(7, ...chmodParams('640'), true);
await one.template.chmod(7, ...chmodParams('640'), true, { timeout: 5_000 });
await one.vm.chmod(7, -1, -1, -1, -1, -1, -1, PERMISSION.ALLOW, PERMISSION.UNCHANGED, PERMISSION.DENY);
same<typeof POOL_FILTER.MINE, -3>();
// @ts-expect-error: a chmod takes nine permissions
await one.vm.chmod(7, ...chmodParams('640'), 1);
// @ts-expect-error: an action oned does not run
await one.vm.action('explode', 7);
`),
    ).toEqual([]);
  }, 60_000);

  it('compile the README snippets on templates, constants, filters and permissions as written', () => {
    const text = readme('opennebula');
    const section = (title: string) => text.split(`## ${title}`)[1]?.split('\n## ')[0] ?? '';
    const [templates] = codeBlocks(section('Templates as objects: the rule'), 'ts');
    const [states, filters] = codeBlocks(section('Constants, filters and permissions'), 'ts');
    const blocks = [
      [templates, "import type { Vm } from '@overcast/opennebula';\ndeclare const vm: Vm;"],
      [states, "import type { OneServer } from '@overcast/opennebula';\ndeclare const one: OneServer;"],
      [
        filters,
        "import { chmodParams, type OneServer, PERMISSION, POOL_FILTER } from '@overcast/opennebula';\ndeclare const one: OneServer;",
      ],
    ] as const;
    for (const [code, prelude] of blocks) {
      expect(code).toBeDefined();
      expect(code).not.toMatch(/!\.|!\)|!\[| as [A-Z]/);
      expect(typeErrorsAfter(prelude)(code ?? ''), code).toEqual([]);
    }
  }, 60_000);

  it('fail to compile where the lines above say they do (the check itself works)', () => {
    const errors = check(`
if (vm.STATE === 99) console.log('never');
console.log(vm.TEMPLATE.NIC[0].IP);
same<ReturnType<typeof vector>, string[]>();
`);
    expect(errors).toEqual([
      "This comparison appears to be unintentional because the types 'VM_STATE' and '99' have no overlap.",
      "'vm.TEMPLATE.NIC' is possibly 'undefined'.",
      "Object is possibly 'undefined'.",
      "Property 'IP' does not exist on type 'string | Template'.\n  Property 'IP' does not exist on type 'string'.",
      'Expected 1 arguments, but got 0.',
    ]);
  }, 60_000);
});
