/**
 * @overcast/cloudstack against the CloudStack simulator, whose signature verifier is written apart
 * from the client's signer: paging, async deploys, failing jobs, awkward parameter values (`~`,
 * spaces, unicode, maps) over GET and POST, and injected faults.
 */
import {
  AuthError,
  CloudStack,
  CloudStackApiError,
  CloudStackError,
  ConnectionError,
} from '@overcast/cloudstack';
import { type RunningCloudStackSimulator, startCloudStackSimulator } from '@overcast/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let sim: RunningCloudStackSimulator;
let ids: { zoneid: string; serviceofferingid: string; templateid: string };
const clients: CloudStack[] = [];

function client(options: Partial<ConstructorParameters<typeof CloudStack>[0]> = {}): CloudStack {
  const made = new CloudStack({
    endpoint: sim.endpoint,
    key: sim.account.apiKey,
    secret: sim.account.secret,
    pollInterval: 10,
    ...options,
  });
  clients.push(made);
  return made;
}

beforeAll(async () => {
  sim = await startCloudStackSimulator({ seed: { virtualMachines: 1234 }, jobDuration: 20 });
  const cs = client();
  ids = {
    zoneid: (await cs.listZones()).zone[0]?.id ?? '',
    serviceofferingid: (await cs.listServiceOfferings()).serviceoffering[0]?.id ?? '',
    templateid: (await cs.listTemplates({ templatefilter: 'executable' })).template[0]?.id ?? '',
  };
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await sim.close();
});

describe.each(['GET', 'POST'] as const)('the client over %s', (method) => {
  it('pages a list: one page, fetchList and iterate', async () => {
    const cs = client({ method });
    const page = await cs.listVirtualMachines({ page: 3, pagesize: 100 });
    expect(page.count).toBeGreaterThanOrEqual(1234);
    expect(page.virtualmachine).toHaveLength(100);
    const all = await cs.listVirtualMachines({}, { fetchList: true, pageSize: 200 });
    expect(all).toHaveLength(page.count);
    expect(new Set(all.map((vm) => vm.id)).size).toBe(all.length);
    let streamed = 0;
    for await (const vm of cs.iterate('listVirtualMachines', { pagesize: 500 })) if (vm.id) streamed++;
    expect(streamed).toBe(all.length);
  });

  it('deploys (async) with awkward values and finds them back, maps included', async () => {
    const cs = client({ method });
    const name = `vm ~ é ${method.toLowerCase()} 雲`;
    const { virtualmachine: vm } = await cs.deployVirtualMachine({
      ...ids,
      name: 'plain',
      displayname: name,
    });
    expect(vm.displayname).toBe(name);
    expect(vm.state).toBe('Running');
    const tagged = await cs.createTags({
      resourceids: [vm.id ?? ''],
      resourcetype: 'UserVm',
      tags: [
        { key: 'owner', value: 'ops ~ team' },
        { key: 'note', value: 'naïve * café' },
      ],
    });
    expect(tagged).toEqual({ success: true });
    const tags = await cs.listTags({ resourceid: vm.id ?? '' });
    expect(tags.tag.map((t) => [t.key, t.value]).sort()).toEqual([
      ['note', 'naïve * café'],
      ['owner', 'ops ~ team'],
    ]);
  });

  it("rejects a failing job with the job's error", async () => {
    const cs = client({ method });
    const error = await cs.deployVirtualMachine({ ...ids, name: 'fail-e2e' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect((error as CloudStackApiError).jobid).toMatch(/[\w-]+/);
    expect((error as CloudStackApiError).errortext).toBeTruthy();
  });
});

describe('errors and faults', () => {
  it('is refused with a wrong secret (401), and accepted without expiry', async () => {
    const wrong = client({ secret: 'not-the-secret' });
    const refused = await wrong.listZones().catch((e: unknown) => e);
    // The runtime's kind, and both CloudStack classes (the package re-exports the runtime's).
    expect(refused).toBeInstanceOf(AuthError);
    expect(refused).toBeInstanceOf(CloudStackApiError);
    expect(refused).toBeInstanceOf(CloudStackError);
    expect(refused).toMatchObject({
      name: 'CloudStackAuthError',
      status: 401,
      errorcode: 401,
      method: 'GET',
    });
    expect((await client({ expiration: -1 }).listZones()).count).toBe(1);
  });

  it('retries a list after dropped connections and 503s, but never a create', async () => {
    const cs = client({ retry: 2 });
    const drop = sim.faults.add({
      kind: 'drop',
      times: 1,
      when: (r) => r.query.get('command') === 'listZones',
    });
    const unavailable = sim.faults.add({
      kind: 'error',
      status: 503,
      times: 1,
      when: (r) => r.query.get('command') === 'listZones',
    });
    expect((await cs.listZones()).count).toBe(1);
    expect(drop.injected + unavailable.injected).toBe(2);
    sim.faults.add({ kind: 'drop', times: 1, when: (r) => r.query.get('command') === 'createSecurityGroup' });
    await expect(cs.createSecurityGroup({ name: 'once' })).rejects.toBeInstanceOf(ConnectionError);
    const groups = await cs.listSecurityGroups({ securitygroupname: 'once' });
    expect(groups.securitygroup).toHaveLength(0);
  });
});
