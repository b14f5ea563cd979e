import { type CloudStackParams, signCloudStack } from '@overcast/runtime/signing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findSimulator } from '../registry.js';
import './register.js';
import { FAILING_VM_NAME_PREFIX } from './commands/virtual-machines.js';
import { type RunningCloudStackSimulator, startCloudStackSimulator } from './simulator.js';

// The client side of these tests is the runtime's signer: written separately from the
// simulator's verifier, so a disagreement between them fails here.

interface CallOptions {
  method?: 'GET' | 'POST';
  secret?: string;
  expiration?: number;
  now?: () => number;
}

// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field
type Json = any;

async function call(
  sim: RunningCloudStackSimulator,
  command: string,
  params: CloudStackParams = {},
  options: CallOptions = {},
): Promise<{ status: number; type: string | null; body: Json }> {
  const signed = signCloudStack({
    command,
    params,
    apiKey: sim.account.apiKey,
    secret: options.secret ?? sim.account.secret,
    ...(options.expiration === undefined ? {} : { expiration: options.expiration }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const response =
    options.method === 'POST'
      ? await fetch(sim.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: signed.queryString,
        })
      : await fetch(`${sim.endpoint}?${signed.queryString}`);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
}

/** The answer's payload, after checking it is a 200 under the command's envelope. */
async function ok(
  sim: RunningCloudStackSimulator,
  command: string,
  params: CloudStackParams = {},
): Promise<Json> {
  const { status, body } = await call(sim, command, params);
  expect(body, JSON.stringify(body)).toHaveProperty(`${command.toLowerCase()}response`);
  expect(status).toBe(200);
  return body[`${command.toLowerCase()}response`];
}

/** Polls queryAsyncJobResult until the job is no longer pending (jobs last a few ms here). */
async function finished(sim: RunningCloudStackSimulator, jobid: string): Promise<Json> {
  for (;;) {
    const job = await ok(sim, 'queryAsyncJobResult', { jobid });
    if (job.jobstatus !== 0) return job;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let sim: RunningCloudStackSimulator;
let zoneid: string;
let serviceofferingid: string;
let templateid: string;

beforeAll(async () => {
  sim = await startCloudStackSimulator({ jobDuration: 5, seed: { virtualMachines: 25 }, maxPageSize: 30 });
  zoneid = (await ok(sim, 'listZones')).zone[0].id;
  serviceofferingid = (await ok(sim, 'listServiceOfferings')).serviceoffering[0].id;
  templateid = (await ok(sim, 'listTemplates', { templatefilter: 'featured' })).template[0].id;
});
afterEach(() => sim.faults.clear());
afterAll(() => sim.close());

describe('signature verification', () => {
  it('accepts signed GET and POST requests and answers JSON', async () => {
    const get = await call(sim, 'listZones', { name: 'Sandbox-simulator' });
    const post = await call(sim, 'listZones', { name: 'Sandbox-simulator' }, { method: 'POST' });
    for (const answer of [get, post]) {
      expect(answer.status).toBe(200);
      expect(answer.type).toMatch(/^application\/json/);
      expect(answer.body.listzonesresponse.count).toBe(1);
    }
  });

  it('accepts values with ~, spaces, unicode, * and map parameters', async () => {
    const answer = await call(sim, 'listVirtualMachines', {
      keyword: 'a~b c é 😀 *',
      tags: [{ key: 'we~ird key', value: 'välue' }],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ listvirtualmachinesresponse: {} });
  });

  it('rejects a wrong secret with 401 in the server shape', async () => {
    const answer = await call(sim, 'listZones', {}, { secret: 'wrong' });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      listzonesresponse: {
        uuidList: [],
        errorcode: 401,
        errortext: 'unable to verify user credentials and/or request signature',
      },
    });
  });

  it('names the envelope of a 401 after any command, even one named like a prototype property', async () => {
    const answer = await call(sim, 'constructor', {}, { secret: 'wrong' });
    expect(answer.status).toBe(401);
    expect(Object.keys(answer.body)).toEqual(['constructorresponse']);
  });

  it('rejects an expired signatureVersion=3 request and an unsigned one', async () => {
    const expired = await call(sim, 'listZones', {}, { expiration: 1000, now: () => Date.now() - 60_000 });
    expect(expired.status).toBe(401);
    const unsigned = await fetch(`${sim.endpoint}?command=listZones&response=json`);
    expect(unsigned.status).toBe(401);
  });

  it('accepts a request signed without expiry (expiration < 0)', async () => {
    expect((await call(sim, 'listZones', {}, { expiration: -1 })).status).toBe(200);
  });

  it('rejects a tampered parameter', async () => {
    const signed = signCloudStack({
      command: 'listZones',
      apiKey: sim.account.apiKey,
      secret: sim.account.secret,
    });
    const response = await fetch(`${sim.endpoint}?${signed.queryString}&name=extra`);
    expect(response.status).toBe(401);
  });
});

describe('commands and errors', () => {
  it('answers 432 under errorresponse for an unknown command (names are case-sensitive)', async () => {
    for (const command of ['listzones', 'frobnicateEverything', 'constructor', 'toString']) {
      const answer = await call(sim, command);
      expect(answer.status).toBe(432);
      expect(answer.body).toEqual({
        errorresponse: {
          uuidList: [],
          errorcode: 432,
          cserrorcode: 9999,
          errortext: 'The given command does not exist or it is not available for user',
        },
      });
    }
  });

  it('answers 431 for a missing required parameter', async () => {
    const answer = await call(sim, 'deployVirtualMachine', { zoneid, templateid });
    expect(answer.status).toBe(431);
    expect(answer.body.deployvirtualmachineresponse).toMatchObject({
      errorcode: 431,
      cserrorcode: 9999,
      errortext:
        'Unable to execute API command deployvirtualmachine due to missing parameter serviceofferingid',
    });
  });

  it('answers 431 for an id that names nothing', async () => {
    const answer = await call(sim, 'deployVirtualMachine', { zoneid, templateid, serviceofferingid: 'nope' });
    expect(answer.status).toBe(431);
    expect(answer.body.deployvirtualmachineresponse.errortext).toContain(
      'Invalid parameter serviceofferingid value=nope',
    );
  });

  it('answers 404 outside /client/api', async () => {
    expect((await fetch(`${sim.url}/client/other`)).status).toBe(404);
  });

  it('answers 432 by default for real CloudStack commands it does not model', async () => {
    for (const command of ['listHosts', 'updateConfiguration', 'migrateVirtualMachine']) {
      const answer = await call(sim, command, { virtualmachineid: 'x' });
      expect(answer.status).toBe(432);
      // The exact body of a real server (research note §2.1: errorresponse for 432).
      expect(JSON.stringify(answer.body)).toBe(
        '{"errorresponse":{"uuidList":[],"errorcode":432,"cserrorcode":9999,"errortext":"The given command does not exist or it is not available for user"}}',
      );
    }
  });

  it('with acceptUnknownCommands, answers commands it does not model with shape-correct empty answers', async () => {
    const lenient = await startCloudStackSimulator({ acceptUnknownCommands: true, transitionMs: 5 });
    try {
      expect(await ok(lenient, 'listHosts')).toEqual({});
      expect(await ok(lenient, 'updateConfiguration', { name: 'x', value: 'y' })).toEqual({ success: true });
      const { jobid } = await ok(lenient, 'migrateVirtualMachine', { virtualmachineid: 'x' });
      expect(await finished(lenient, jobid)).toMatchObject({ jobstatus: 1, jobresult: { success: true } });
      // Names that are no CloudStack command at all stay unknown, and signatures are still checked.
      expect((await call(lenient, 'frobnicateEverything')).status).toBe(432);
      expect((await call(lenient, 'listHosts', {}, { secret: 'wrong' })).status).toBe(401);
    } finally {
      await lenient.close();
    }
  });
});

describe('paging', () => {
  it('pages list answers with count = total, {count} past the end', async () => {
    const pages = [];
    for (const page of [1, 2, 3]) pages.push(await ok(sim, 'listVirtualMachines', { page, pagesize: 10 }));
    expect(pages.map((p) => p.count)).toEqual([25, 25, 25]);
    expect(pages.map((p) => p.virtualmachine.length)).toEqual([10, 10, 5]);
    const ids = new Set(pages.flatMap((p) => p.virtualmachine.map((vm: Json) => vm.id)));
    expect(ids.size).toBe(25);
    expect(await ok(sim, 'listVirtualMachines', { page: 4, pagesize: 10 })).toEqual({ count: 25 });
  });

  it('uses the default page size without pagesize, refuses larger ones, lists all with -1', async () => {
    const first = await ok(sim, 'listVirtualMachines', { state: 'Running', keyword: 'seed-vm' });
    expect(first.virtualmachine.length).toBeLessThanOrEqual(30);
    expect((await call(sim, 'listVirtualMachines', { page: 1, pagesize: 31 })).status).toBe(431);
    const all = await ok(sim, 'listVirtualMachines', { pagesize: -1, keyword: 'seed-vm' });
    expect(all.virtualmachine).toHaveLength(25);
  });

  it('answers {} when nothing matches', async () => {
    expect(await ok(sim, 'listVirtualMachines', { name: 'no-such-vm' })).toEqual({});
  });
});

describe('virtual machines', () => {
  it('deploys as an async job, then stops, starts and destroys', async () => {
    const submitted = await ok(sim, 'deployVirtualMachine', {
      zoneid,
      templateid,
      serviceofferingid,
      name: 'web-1',
    });
    expect(Object.keys(submitted).sort()).toEqual(['id', 'jobid']);
    const deployed = await finished(sim, submitted.jobid);
    expect(deployed).toMatchObject({
      jobstatus: 1,
      jobresultcode: 0,
      jobresulttype: 'object',
      jobinstancetype: 'VirtualMachine',
      jobinstanceid: submitted.id,
      jobresult: { virtualmachine: { id: submitted.id, name: 'web-1', state: 'Running', zoneid } },
    });
    const volumes = await ok(sim, 'listVolumes', { virtualmachineid: submitted.id });
    expect(volumes.volume).toMatchObject([{ type: 'ROOT', vmname: 'web-1' }]);

    const stopped = await finished(sim, (await ok(sim, 'stopVirtualMachine', { id: submitted.id })).jobid);
    expect(stopped.jobresult.virtualmachine.state).toBe('Stopped');
    const started = await finished(sim, (await ok(sim, 'startVirtualMachine', { id: submitted.id })).jobid);
    expect(started.jobresult.virtualmachine.state).toBe('Running');
    const destroyed = await finished(
      sim,
      (await ok(sim, 'destroyVirtualMachine', { id: submitted.id, expunge: true })).jobid,
    );
    expect(destroyed.jobresult.virtualmachine.state).toBe('Expunging');
    expect(await ok(sim, 'listVirtualMachines', { id: submitted.id })).toEqual({});
    expect(await ok(sim, 'listVolumes', { virtualmachineid: submitted.id })).toEqual({});
  });

  it(`fails the job of a VM named ${FAILING_VM_NAME_PREFIX}… with error 533`, async () => {
    const name = `${FAILING_VM_NAME_PREFIX}db`;
    const { id, jobid } = await ok(sim, 'deployVirtualMachine', {
      zoneid,
      templateid,
      serviceofferingid,
      name,
    });
    const job = await finished(sim, jobid);
    expect(job).toMatchObject({ jobstatus: 2, jobresultcode: 533 });
    expect(job.jobresult).toEqual({
      errorcode: 533,
      errortext: expect.stringMatching(/^Unable to create a deployment for VM\[User\|i-2-\d+-VM\]$/),
    });
    expect((await ok(sim, 'listVirtualMachines', { id })).virtualmachine[0].state).toBe('Error');
  });

  it('keeps a job pending (jobstatus 0) while it runs', async () => {
    await using slow = await startCloudStackSimulator({ jobDuration: 60_000 });
    const zone = (await ok(slow, 'listZones')).zone[0].id;
    const offering = (await ok(slow, 'listServiceOfferings')).serviceoffering[0].id;
    const template = (await ok(slow, 'listTemplates', { templatefilter: 'all' })).template[0].id;
    const { id, jobid } = await ok(slow, 'deployVirtualMachine', {
      zoneid: zone,
      serviceofferingid: offering,
      templateid: template,
    });
    const job = await ok(slow, 'queryAsyncJobResult', { jobid });
    expect(job).toMatchObject({ jobstatus: 0, jobinstanceid: id });
    expect(job).not.toHaveProperty('jobresult');
    expect((await ok(slow, 'listVirtualMachines', { id })).virtualmachine[0].state).toBe('Starting');
  });
});

describe('volumes', () => {
  it('creates a data disk, attaches it to a VM, detaches and deletes it', async () => {
    const [vm] = (await ok(sim, 'listVirtualMachines', { page: 1, pagesize: 1 })).virtualmachine;
    const submitted = await ok(sim, 'createVolume', { zoneid, name: 'data', size: 20 });
    const created = await finished(sim, submitted.jobid);
    expect(created.jobresult.volume).toMatchObject({
      id: submitted.id,
      type: 'DATADISK',
      size: 20 * 1024 ** 3,
    });
    const attached = await finished(
      sim,
      (await ok(sim, 'attachVolume', { id: submitted.id, virtualmachineid: vm.id })).jobid,
    );
    expect(attached.jobresult.volume).toMatchObject({ virtualmachineid: vm.id, state: 'Ready' });
    expect((await call(sim, 'deleteVolume', { id: submitted.id })).status).toBe(431);
    const detached = await finished(sim, (await ok(sim, 'detachVolume', { id: submitted.id })).jobid);
    expect(detached.jobresult.volume).not.toHaveProperty('virtualmachineid');
    expect(await ok(sim, 'deleteVolume', { id: submitted.id })).toEqual({ success: true });
    expect(await ok(sim, 'listVolumes', { id: submitted.id })).toEqual({});
  });
});

describe('security groups, networks and tags', () => {
  it('creates a group and authorizes ingress for each CIDR of cidrlist', async () => {
    const { securitygroup } = await ok(sim, 'createSecurityGroup', {
      name: 'web',
      description: 'web servers',
    });
    expect((await call(sim, 'createSecurityGroup', { name: 'web' })).status).toBe(431);
    const { jobid } = await ok(sim, 'authorizeSecurityGroupIngress', {
      securitygroupid: securitygroup.id,
      protocol: 'TCP',
      startport: 80,
      endport: 443,
      cidrlist: ['10.0.0.0/8', '192.168.0.0/16'],
    });
    const job = await finished(sim, jobid);
    expect(job.jobresult.securitygroup.ingressrule).toMatchObject([
      { protocol: 'tcp', startport: 80, endport: 443, cidr: '10.0.0.0/8' },
      { protocol: 'tcp', startport: 80, endport: 443, cidr: '192.168.0.0/16' },
    ]);
    const listed = await ok(sim, 'listSecurityGroups', { securitygroupname: 'web' });
    expect(listed.securitygroup[0].ingressrule).toHaveLength(2);
    expect(await ok(sim, 'deleteSecurityGroup', { id: securitygroup.id })).toEqual({ success: true });
  });

  it('creates a network synchronously and deletes it in a job', async () => {
    const networkofferingid = (await ok(sim, 'listNetworkOfferings')).networkoffering[0].id;
    const { network } = await ok(sim, 'createNetwork', { zoneid, networkofferingid, name: 'backend' });
    expect(network).toMatchObject({ name: 'backend', zoneid, state: 'Allocated' });
    const job = await finished(sim, (await ok(sim, 'deleteNetwork', { id: network.id })).jobid);
    expect(job.jobresult).toEqual({ success: true });
  });

  it('tags resources with the tags[i].key/value map and filters on it', async () => {
    const [vm] = (await ok(sim, 'listVirtualMachines', { page: 1, pagesize: 1 })).virtualmachine;
    const created = await ok(sim, 'createTags', {
      resourcetype: 'UserVm',
      resourceids: [vm.id],
      tags: [
        { key: 'env', value: 'prod' },
        { key: 'team', value: 'blue green' },
      ],
    });
    expect((await finished(sim, created.jobid)).jobresult).toEqual({ success: true });
    const tags = await ok(sim, 'listTags', { resourceid: vm.id });
    expect(tags.count).toBe(2);
    expect(tags.tag).toMatchObject([
      { key: 'env', value: 'prod', resourcetype: 'UserVm', resourceid: vm.id },
      { key: 'team', value: 'blue green' },
    ]);
    const tagged = await ok(sim, 'listVirtualMachines', { tags: [{ key: 'env', value: 'prod' }] });
    expect(tagged.virtualmachine.map((v: Json) => v.id)).toEqual([vm.id]);
    const missing = await ok(sim, 'createTags', {
      resourcetype: 'UserVm',
      resourceids: ['nope'],
      tags: { key: 'a', value: 'b' },
    });
    expect(await finished(sim, missing.jobid)).toMatchObject({ jobstatus: 2, jobresult: { errorcode: 431 } });
    const badType = await call(sim, 'createTags', {
      resourcetype: 'constructor',
      resourceids: [vm.id],
      tags: { key: 'a', value: 'b' },
    });
    expect(badType.status).toBe(431);
    expect(badType.body.createtagsresponse.errortext).toBe('Invalid resource type constructor');
    await finished(
      sim,
      (await ok(sim, 'deleteTags', { resourcetype: 'UserVm', resourceids: [vm.id] })).jobid,
    );
    expect(await ok(sim, 'listTags', { resourceid: vm.id })).toEqual({});
  });
});

describe('faults, seeding and registration', () => {
  it('injects latency, 5xx and dropped connections', async () => {
    sim.faults.add({ kind: 'error', status: 503, times: 1 });
    expect((await fetch(`${sim.endpoint}?command=listZones`)).status).toBe(503);
    sim.faults.add({ kind: 'drop', times: 1 });
    await expect(fetch(`${sim.endpoint}?command=listZones`)).rejects.toThrow();
    sim.faults.add({ kind: 'latency', ms: 5, times: 1 });
    expect((await call(sim, 'listZones')).status).toBe(200);
    expect(sim.faults.injected).toMatchObject({ error: 1, drop: 1, latency: 1 });
  });

  it('seeds ten thousand VMs and resets to the seed', async () => {
    await using big = await startCloudStackSimulator({ seed: { virtualMachines: 10_000 } });
    expect((await ok(big, 'listVirtualMachines', { page: 20, pagesize: 500 })).virtualmachine).toHaveLength(
      500,
    );
    await ok(big, 'createSecurityGroup', { name: 'temporary' });
    big.reset();
    expect((await ok(big, 'listVirtualMachines', { page: 1, pagesize: 1 })).count).toBe(10_000);
    expect((await ok(big, 'listSecurityGroups')).securitygroup.map((g: Json) => g.name)).toEqual(['default']);
  });

  it('is registered for overcast-sim as cloudstack', async () => {
    const definition = findSimulator('cloudstack');
    expect(definition).toBeDefined();
    const started = await definition?.start({});
    await started?.close();
    expect(started?.name).toBe('cloudstack');
  });
});
