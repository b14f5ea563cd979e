import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findSimulator } from '../registry.js';
import { ONE_ERROR } from './errors.js';
import './register.js';
import { eventually, members, oneClient, pick, rpc } from './rpc.test-helper.js';
import { type RunningOpenNebulaSimulator, startOpenNebulaSimulator } from './simulator.js';

let sim: RunningOpenNebulaSimulator;
let one: ReturnType<typeof oneClient>;

beforeAll(async () => {
  sim = await startOpenNebulaSimulator({ transitionMs: 5 });
  one = oneClient(sim.endpoint, sim.session);
});
afterEach(() => {
  sim.faults.clear();
  sim.reset();
});
afterAll(() => sim.close());

/** The failure array of a call expected to fail. */
async function failure(method: string, ...params: Parameters<typeof rpc>[2][]) {
  const answer = await rpc(sim.endpoint, method, sim.session, ...params);
  expect(Array.isArray(answer) && answer[0]).toBe(false);
  return answer as [false, string, number, number, bigint | number];
}

async function vmState(id: number): Promise<[string | undefined, string | undefined]> {
  const vm = await one('one.vm.info', id);
  return [pick(vm, 'STATE'), pick(vm, 'LCM_STATE')];
}

async function untilVm(id: number, state: number, lcm: number): Promise<void> {
  await eventually(async () => {
    const [s, l] = await vmState(id);
    return s === String(state) && l === String(lcm);
  }, `VM ${id} in ${state}/${lcm}`);
}

async function runningVm(): Promise<number> {
  await one('one.host.allocate', 'node1', 'kvm', 'kvm', -1);
  const template = await one('one.template.allocate', 'NAME = "small"\nCPU = 1\nMEMORY = 128');
  const vm = (await one('one.template.instantiate', template, 'web')) as number;
  await untilVm(vm, 3, 3);
  return vm;
}

describe('sessions and the XML-RPC layer', () => {
  it('answers a wrong password with the AUTHENTICATION failure array', async () => {
    const answer = await rpc(sim.endpoint, 'one.vmpool.info', 'oneadmin:wrong', -2, -1, -1, -1);
    expect(answer).toEqual([
      false,
      "[one.vmpool.info] User couldn't be authenticated, aborting call.",
      256,
      -1,
      0,
    ]);
  });

  it('accepts the configured session and answers [true, value, 0]', async () => {
    expect(await rpc(sim.endpoint, 'one.system.version', sim.session)).toEqual([true, '7.5.80', 0]);
  });

  it('answers unknown methods and mistyped parameters with XML-RPC faults', async () => {
    await expect(rpc(sim.endpoint, 'one.vm.fly', sim.session)).rejects.toMatchObject({ code: -506 });
    await expect(rpc(sim.endpoint, 'one.vm.info', sim.session, 'seven')).rejects.toMatchObject({
      code: -501,
    });
    await expect(rpc(sim.endpoint, 'one.vm.info', sim.session)).rejects.toMatchObject({ code: -502 });
  });

  it('is registered for `overcast-sim opennebula`', () => {
    expect(findSimulator('opennebula')?.description).toContain('/RPC2');
  });

  it('serves only POST /RPC2', async () => {
    expect((await fetch(`${sim.url}/other`, { method: 'POST', body: '' })).status).toBe(404);
    expect((await fetch(sim.endpoint)).status).toBe(405);
  });
});

describe('objects', () => {
  it('allocates, reads, renames and deletes a template, with NO_EXISTS afterwards', async () => {
    const id = await one(
      'one.template.allocate',
      'NAME = "t1"\nDISK = [ IMAGE_ID = "0" ]\nDISK = [ IMAGE_ID = "1" ]',
    );
    expect(id).toBe(0);
    const doc = await one('one.template.info', id);
    expect(pick(doc, 'NAME')).toBe('t1');
    expect(pick(doc, 'UNAME')).toBe('oneadmin');
    expect(members(doc, 'TEMPLATE').flatMap((t) => t.children)).toHaveLength(3);
    await one('one.template.rename', id, 't2');
    expect(pick(await one('one.template.info', id), 'NAME')).toBe('t2');
    await one('one.template.delete', id);
    const [, message, code, respId] = await failure('one.template.info', id);
    expect([message, code, respId]).toEqual([
      '[one.template.info] Error getting virtual machine template [0].',
      ONE_ERROR.NO_EXISTS,
      0,
    ]);
  });

  it('refuses a second object with the same NAME', async () => {
    await one('one.template.allocate', 'NAME = same');
    expect((await failure('one.template.allocate', 'NAME = same'))[2]).toBe(ONE_ERROR.ACTION);
  });

  it('replaces (0) or merges (1) templates on update', async () => {
    const id = await one('one.template.allocate', 'NAME = u\nA = 1\nB = 2');
    await one('one.template.update', id, 'B = 3\nC = "say \\"hi\\""', 1);
    let doc = await one('one.template.info', id);
    expect([pick(doc, 'TEMPLATE/A'), pick(doc, 'TEMPLATE/B'), pick(doc, 'TEMPLATE/C')]).toEqual([
      '1',
      '3',
      'say "hi"',
    ]);
    await one('one.template.update', id, '<TEMPLATE><D><X>1</X></D></TEMPLATE>', 0);
    doc = await one('one.template.info', id);
    expect([pick(doc, 'TEMPLATE/A'), pick(doc, 'TEMPLATE/D/X')]).toEqual([undefined, '1']);
    expect((await failure('one.template.update', id, 'A = [', 0))[2]).toBe(ONE_ERROR.INTERNAL);
  });

  it('changes owners and permission bits, and enforces them for other users', async () => {
    const uid = (await one('one.user.allocate', 'alice', 'secret', '', [1])) as number;
    const alice = oneClient(sim.endpoint, 'alice:secret');
    const id = await one('one.template.allocate', 'NAME = shared');
    const denied = await rpc(sim.endpoint, 'one.template.info', 'alice:secret', id);
    expect(Array.isArray(denied) && denied[2]).toBe(ONE_ERROR.AUTHORIZATION);
    await one('one.template.chmod', id, -1, -1, -1, -1, -1, -1, 1, -1, -1);
    expect(pick(await alice('one.template.info', id), 'PERMISSIONS/OTHER_U')).toBe('1');
    await one('one.template.chown', id, uid, 1);
    const doc = await alice('one.template.info', id);
    expect([pick(doc, 'UID'), pick(doc, 'UNAME'), pick(doc, 'GNAME')]).toEqual([
      String(uid),
      'alice',
      'users',
    ]);
    expect((await failure('one.template.chown', id, 99, -1))[2]).toBe(ONE_ERROR.NO_EXISTS);
  });

  it('filters pools by owner flag and id range, and pages with a negative end', async () => {
    await one('one.user.allocate', 'bob', 'pw', 'core', []);
    const bob = oneClient(sim.endpoint, 'bob:pw');
    for (const name of ['a', 'b', 'c']) await one('one.template.allocate', `NAME = ${name}`);
    await bob('one.template.allocate', 'NAME = mine');
    const names = async (client: typeof one, ...args: number[]) =>
      members(await client('one.templatepool.info', ...args), 'VMTEMPLATE').map((t) => pick(t, 'NAME'));
    expect(await names(one, -2, -1, -1)).toEqual(['a', 'b', 'c', 'mine']);
    expect(await names(one, -3, -1, -1)).toEqual(['a', 'b', 'c']);
    expect(await names(bob, -2, -1, -1)).toEqual(['mine']);
    expect(await names(one, -2, 1, 2)).toEqual(['b', 'c']);
    expect(await names(one, -2, 1, -2)).toEqual(['b', 'c']);
    expect((await failure('one.templatepool.info', -5, -1, -1))[2]).toBe(ONE_ERROR.XML_RPC_API);
  });

  it('brings images from LOCKED to READY and virtual networks up with their address ranges', async () => {
    const image = await one('one.image.allocate', 'NAME = disk\nPATH = /tmp/x.qcow2\nSIZE = 10', 1);
    await eventually(async () => pick(await one('one.image.info', image), 'STATE') === '1', 'image READY');
    expect((await failure('one.image.allocate', 'NAME = other', 7))[2]).toBe(ONE_ERROR.NO_EXISTS);
    const net = await one(
      'one.vn.allocate',
      'NAME = n\nVN_MAD = bridge\nAR = [ TYPE = IP4, IP = 10.0.0.10, SIZE = 5 ]',
      -1,
    );
    const doc = await one('one.vn.info', net);
    expect([pick(doc, 'AR_POOL/AR/IP'), pick(doc, 'AR_POOL/AR/MAC')]).toEqual([
      '10.0.0.10',
      '02:00:0a:00:00:0a',
    ]);
  });

  it('lists the bootstrap marketplaces', async () => {
    const pool = await one('one.marketpool.info');
    expect(members(pool, 'MARKETPLACE').map((market) => pick(market, 'NAME'))).toEqual([
      'OpenNebula Public',
      'DockerHub',
    ]);
    expect(pick(await one('one.market.info', 0), 'MARKET_MAD')).toBe('one');
    expect((await failure('one.market.info', 9))[2]).toBe(ONE_ERROR.NO_EXISTS);
  });

  it('answers user info for -1 as the caller', async () => {
    expect(pick(await one('one.user.info', -1), 'NAME')).toBe('oneadmin');
    expect(members(await one('one.userpool.info'), 'USER')).toHaveLength(2);
  });
});

describe('the VM state machine', () => {
  it('shows the first step of each transition at once and the next ones only after transitionMs', async () => {
    await using slow = await startOpenNebulaSimulator({ transitionMs: 60_000 });
    const call = oneClient(slow.endpoint, slow.session);
    const image = await call('one.image.allocate', 'NAME = os', 1);
    expect(pick(await call('one.image.info', image), 'STATE')).toBe('4');
    await call('one.host.allocate', 'node1', 'kvm', 'kvm', -1);
    expect(pick(await call('one.host.info', 0), 'STATE')).toBe('0');
    const vm = await call('one.vm.allocate', 'NAME = v', false);
    expect(pick(await call('one.vm.info', vm), 'STATE')).toBe('1');
    await call('one.vm.deploy', vm, 0);
    const deployed = await call('one.vm.info', vm);
    expect([pick(deployed, 'STATE'), pick(deployed, 'LCM_STATE')]).toEqual(['3', '1']);
  });

  it('takes an instantiated VM from PENDING through PROLOG and BOOT to RUNNING on a host', async () => {
    const template = await one('one.template.allocate', 'NAME = "small"\nCPU = 1\nMEMORY = 128\nLABEL = web');
    const vm = (await one('one.template.instantiate', template, '')) as number;
    const doc = await one('one.vm.info', vm);
    expect([
      pick(doc, 'STATE'),
      pick(doc, 'NAME'),
      pick(doc, 'TEMPLATE/TEMPLATE_ID'),
      pick(doc, 'USER_TEMPLATE/LABEL'),
    ]).toEqual(['1', `small-${vm}`, String(template), 'web']);
    await one('one.host.allocate', 'node1', 'kvm', 'kvm', -1);
    await untilVm(vm, 3, 3);
    const running = await one('one.vm.info', vm);
    expect([pick(running, 'HISTORY_RECORDS/HISTORY/HOSTNAME'), pick(running, 'DEPLOY_ID')]).toEqual([
      'node1',
      `one-${vm}`,
    ]);
    expect(pick(await one('one.host.info', 0), 'VMS/ID')).toBe(String(vm));
  });

  it('powers off, resumes, suspends, undeploys and terminates, refusing illegal actions', async () => {
    const vm = await runningVm();
    const [, message, code] = await failure('one.vm.action', 'release', vm);
    expect([message, code]).toEqual([
      `[one.vm.action] Error performing action "release" on virtual machine [${vm}]: This action is not available for state RUNNING.`,
      ONE_ERROR.ACTION,
    ]);
    await one('one.vm.action', 'poweroff', vm);
    await untilVm(vm, 8, 0);
    await one('one.vm.action', 'resume', vm);
    await untilVm(vm, 3, 3);
    await one('one.vm.action', 'suspend', vm);
    await untilVm(vm, 5, 0);
    await one('one.vm.action', 'resume', vm);
    await untilVm(vm, 3, 3);
    await one('one.vm.action', 'undeploy', vm);
    await untilVm(vm, 9, 0);
    await one('one.vm.action', 'terminate', vm);
    await untilVm(vm, 6, 0);
    expect((await failure('one.vm.action', 'fly', vm))[2]).toBe(ONE_ERROR.ACTION);
    expect((await failure('one.vm.action', 'terminate', 99))[2]).toBe(ONE_ERROR.NO_EXISTS);
  });

  it('holds and releases, and hides DONE VMs unless asked for state -2', async () => {
    const vm = (await one('one.vm.allocate', 'NAME = held\nMEMORY = 64', true)) as number;
    expect((await vmState(vm))[0]).toBe('2');
    await one('one.vm.action', 'release', vm);
    expect((await vmState(vm))[0]).toBe('1');
    await one('one.vm.action', 'terminate-hard', vm);
    expect(members(await one('one.vmpool.info', -2, -1, -1, -1), 'VM')).toHaveLength(0);
    expect(members(await one('one.vmpool.info', -2, -1, -1, -2), 'VM')).toHaveLength(1);
    expect(members(await one('one.vmpool.info', -2, -1, -1, 6), 'VM')).toHaveLength(1);
  });

  it('answers extended pools and id sets with full VM documents', async () => {
    const first = (await one('one.vm.allocate', 'NAME = a', true)) as number;
    const second = (await one('one.vm.allocate', 'NAME = b', true)) as number;
    const extended = members(await one('one.vmpool.infoextended', -2, -1, -1, -1), 'VM');
    expect(extended.map((vm) => pick(vm, 'PERMISSIONS/OWNER_U'))).toEqual(['1', '1']);
    expect(
      members(await one('one.vmpool.info', -2, -1, -1, -1), 'VM').map((vm) => pick(vm, 'PERMISSIONS')),
    ).toEqual([undefined, undefined]);
    const set = members(await one('one.vmpool.infoset', `${second}`, true), 'VM');
    expect(set.map((vm) => pick(vm, 'ID'))).toEqual([String(second)]);
    expect(members(await one('one.vmpool.infoset', `${first}, ${second}`, false), 'VM')).toHaveLength(2);
    expect((await failure('one.vmpool.infoset', 'x', false))[2]).toBe(ONE_ERROR.XML_RPC_API);
  });

  it('updates the user template, deploys explicitly and numbers disks', async () => {
    await one('one.host.allocate', 'node1', 'kvm', 'kvm', -1);
    const image = await one('one.image.allocate', 'NAME = os', 1);
    const vm = (await one('one.vm.allocate', `NAME = d\nDISK = [ IMAGE_ID = ${image} ]`, true)) as number;
    await one('one.vm.deploy', vm, 0);
    await untilVm(vm, 3, 3);
    await one('one.vm.update', vm, '<TEMPLATE><NOTE>x</NOTE></TEMPLATE>', 1);
    const doc = await one('one.vm.info', vm);
    expect([pick(doc, 'USER_TEMPLATE/NOTE'), pick(doc, 'TEMPLATE/DISK/DISK_ID')]).toEqual(['x', '0']);
    expect(pick(await one('one.image.info', image), 'VMS/ID')).toBe(String(vm));
    expect((await failure('one.vm.allocate', 'DISK = [ IMAGE_ID = 42 ]'))[2]).toBe(ONE_ERROR.ALLOCATE);
    expect((await failure('one.host.delete', 0))[2]).toBe(ONE_ERROR.ACTION);
  });
});

describe('fault injection through the harness', () => {
  it('delays, fails with 5xx and drops calls without touching state', async () => {
    const latency = sim.faults.add({ kind: 'latency', ms: 20, times: 1 });
    expect(await one('one.system.version')).toBe('7.5.80');
    expect(latency.injected).toBe(1);

    sim.faults.add({ kind: 'error', status: 503, times: 1 });
    const failed = await fetch(sim.endpoint, { method: 'POST', body: '' });
    expect(failed.status).toBe(503);

    sim.faults.add({
      kind: 'drop',
      times: 1,
      when: (request) => request.text.includes('one.template.allocate'),
    });
    await expect(one('one.template.allocate', 'NAME = dropped')).rejects.toThrow();
    expect(members(await one('one.templatepool.info', -2, -1, -1), 'VMTEMPLATE')).toHaveLength(0);
    expect(sim.faults.injected).toMatchObject({ latency: 1, error: 1, drop: 1 });
  });
});
