/**
 * The types of @overcast/cloudstack as a user gets them (the built package, this workspace's strict
 * settings): misspelt answer fields and wrong parameters do not compile, `request()` is typed for
 * the commands the pinned listApis knows, `fetchResult` takes a `boolean`, `waitForJob` gives the
 * command's result. Each `@ts-expect-error` line must fail to compile, or tsc reports the directive
 * as unused; each `same<A, B>()` line fails unless the two types are the same.
 */
import { describe, expect, it } from 'vitest';
import { SAME_TYPE_DECLARATION, typeErrorsAfter } from './support/readme.js';

const PRELUDE = `
import {
  type AsyncJobSubmission,
  CloudStack,
  type DeployVirtualMachineResult,
  type JobResult,
  type ListZonesResult,
  type VirtualMachine,
  type Zone,
  fieldsOf,
} from '@overcast/cloudstack';
declare const cs: CloudStack;
declare const vm: VirtualMachine;
/** Compiles only when A and B are the same type. */
${SAME_TYPE_DECLARATION}
const deploy = { serviceofferingid: 's', templateid: 't', zoneid: 'z' };
`;

/** The type errors of `body` after the prelude (an empty list when it compiles as annotated). */
const check = typeErrorsAfter(PRELUDE);

describe('the types of @overcast/cloudstack', () => {
  it('refuse the misspelt fields of an answer, and read any field through fieldsOf', () => {
    expect(
      check(`
// @ts-expect-error: 'stat' is not a field (state is)
if (vm.stat === 'Running') console.log('up');
// @ts-expect-error: 'nam' is not a field (name is)
console.log(vm.nam);
// @ts-expect-error: 'ipadress' is not a field
console.log(vm.ipadress);
// @ts-expect-error: a NIC's field misspelt
console.log(vm.nic[0]?.ipadress);
const state: string | undefined = vm.state;
const id: string = vm.id;
const nics: number = vm.nic.length;
same<ReturnType<typeof fieldsOf>, Readonly<Record<string, unknown>>>();
const lease: unknown = fieldsOf(vm)['leaseexpirydate'];
console.log(state, id, nics, lease);
`),
    ).toEqual([]);
  }, 60_000);

  it('type request() for known commands, and leave other names untyped', () => {
    expect(
      check(`
same<Awaited<ReturnType<typeof cs.listZones>>, ListZonesResult>();
const zones = await cs.request('listZones', {});
same<typeof zones, ListZonesResult>();
const every = await cs.request('listZones', {}, { fetchList: true });
same<typeof every, Zone[]>();
const result = await cs.request('deployVirtualMachine', deploy);
same<typeof result, DeployVirtualMachineResult>();
const submitted = await cs.request('deployVirtualMachine', deploy, { fetchResult: false });
same<typeof submitted, AsyncJobSubmission>();
const other = await cs.request('aPluginCommand', { anything: 1 });
same<typeof other, unknown>();
const name: string = 'listZones';
same<Awaited<ReturnType<typeof cs.request<typeof name>>>, unknown>();
// @ts-expect-error: a required parameter left out
await cs.request('deployVirtualMachine', {});
// @ts-expect-error: a parameter of the wrong type
await cs.request('listZones', { page: 'one' });
// @ts-expect-error: a misspelt parameter
await cs.listZones({ availble: true });
`),
    ).toEqual([]);
  }, 60_000);

  it('take fetchResult as a boolean, and type waitForJob by the command that started the job', () => {
    expect(
      check(`
declare const wait: boolean;
const either = await cs.deployVirtualMachine(deploy, { fetchResult: wait });
same<typeof either, DeployVirtualMachineResult | AsyncJobSubmission>();
const viaRequest = await cs.request('deployVirtualMachine', deploy, { fetchResult: wait });
same<typeof viaRequest, DeployVirtualMachineResult | AsyncJobSubmission>();
const job = await cs.deployVirtualMachine(deploy, { fetchResult: false });
const done = await cs.waitForJob(job.jobid, { command: 'deployVirtualMachine', jobTimeout: 60_000 });
same<typeof done, DeployVirtualMachineResult>();
const anyJob = await cs.waitForJob(job.jobid);
same<typeof anyJob, JobResult>();
for await (const zone of cs.iterate('listZones', { available: true })) same<typeof zone, Zone>();
`),
    ).toEqual([]);
  }, 60_000);

  it('fail where they should: the checks above are not vacuous', () => {
    expect(check('same<string, number>();')).toHaveLength(1);
    expect(check("const n: number = vm.name ?? '';\nconsole.log(n);")).toHaveLength(1);
  }, 60_000);
});
