/**
 * The @overcast/ovirt types catch what the engine would refuse, checked by the TypeScript compiler
 * with this workspace's strict settings against the built package: the README walk-through
 * compiles as written; a call missing what the model makes mandatory does not (each such line
 * carries a `@ts-expect-error`, which is itself an error once the line compiles); action results
 * that always come back are typed without `undefined`.
 */
import { describe, expect, it } from 'vitest';
import { codeBlocks, readme, typeErrors } from './support/readme.js';

const prelude = `import { Connection, type StorageDomainService, type HostService, types } from '@overcast/ovirt';
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const system = new Connection({ url: 'https://engine/ovirt-engine/api', username: 'u', password: 'p' }).systemService();
const vms = system.vmsService();
`;

describe('the oVirt types', () => {
  it('compile the README walk-through as written, with no cast and no !', () => {
    const [code] = codeBlocks(readme('ovirt').split('## Walk-through')[1] ?? '', 'ts');
    expect(code).toMatch(/vmsService\.add\(\{/);
    expect(code).not.toMatch(/!\.|!\)| as /);
    expect(typeErrors(code ?? '')).toEqual([]);
  }, 60_000);

  it('refuse a VM add without its cluster, template or name, and take any of the ways to add one', () => {
    const source = `${prelude}
await vms.add({ name: 'a', cluster: { name: 'Default' }, template: { name: 'Blank' } });
await vms.add({ name: 'a', cluster: { id: '1' }, template: { id: '2' } }, { clone: true });
await vms.add({ initialization: { configuration: { type: types.ConfigurationType.OVF, data: '<ovf/>' } } });
await vms.addFromSnapshot({ name: 'a', cluster: { id: '1' }, template: { id: '2' }, snapshots: [{ id: '3' }] });
// @ts-expect-error: no cluster
await vms.add({ name: 'a', template: { name: 'Blank' } });
// @ts-expect-error: no template
await vms.add({ name: 'a', cluster: { name: 'Default' } });
// @ts-expect-error: a cluster named by neither id nor name
await vms.add({ name: 'a', cluster: { description: 'x' }, template: { name: 'Blank' } });
// @ts-expect-error: from scratch needs a name too
await vms.addFromScratch({ cluster: { name: 'Default' }, template: { name: 'Blank' } });
// @ts-expect-error: a snapshot without its id
await vms.addFromSnapshot({ name: 'a', cluster: { id: '1' }, template: { id: '2' }, snapshots: [{}] });
`;
    expect(typeErrors(source)).toEqual([]);
  }, 60_000);

  it('require the mandatory parameters of actions, and type results that always come back as such', () => {
    const source = `${prelude}
const domain = system.storageDomainsService().storageDomainService('1');
const attached = await domain.isAttached({ host: { id: 'h' } });
const isBoolean: Equal<typeof attached, boolean> = true;
const isAttachedResult: Equal<Awaited<ReturnType<StorageDomainService['isAttached']>>, boolean> = true;
const ticket: types.Ticket = await vms.vmService('1').ticket();
// Fencing answers a power management only for fence_type=status.
const fenced: Equal<Awaited<ReturnType<HostService['fence']>>, types.PowerManagement | undefined> = true;
await system.hostsService().hostService('h').fence({ fenceType: 'status' });
// @ts-expect-error: isAttached needs the host
await domain.isAttached();
// @ts-expect-error: …named by its id
await domain.isAttached({ host: { name: 'h' } });
// @ts-expect-error: fence needs its type
await system.hostsService().hostService('h').fence({});
export { isBoolean, isAttachedResult, ticket, fenced };
`;
    expect(typeErrors(source)).toEqual([]);
  }, 60_000);

  it('fail to compile where the lines above say they do (the check itself works)', () => {
    const errors = typeErrors(`${prelude}
await vms.add({ name: 'a', template: { name: 'Blank' } });
const attached: undefined = await system.storageDomainsService().storageDomainService('1').isAttached({ host: { id: 'h' } });
export { attached };
`);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/is not assignable to parameter of type 'VmsAddVm'/);
    expect(errors[1]).toBe("Type 'boolean' is not assignable to type 'undefined'.");
  }, 60_000);
});
