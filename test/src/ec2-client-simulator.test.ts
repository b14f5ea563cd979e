/**
 * @overcast/ec2 end to end against the EC2 simulator (which verifies SigV2 and SigV4 with its own
 * implementation, as Keystone does): both signatures, a stale clock, paging 2,500 instances, the
 * boto-style layer over instances, key pairs, security groups, tags, volumes and addresses, waiters,
 * errors by kind, and retries that repeat reads and idempotent writes only.
 */
import {
  AuthError,
  ConflictError,
  connectEc2,
  EC2,
  type EC2Options,
  Ec2Error,
  Ec2WaiterError,
  NotFoundError,
  ParameterError,
  RateLimitError,
  waitFor,
} from '@overcast/ec2';
import { type RunningEc2Simulator, type SimulatorRequest, startEc2Simulator } from '@overcast/simulators';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let sim: RunningEc2Simulator;
const clients: EC2[] = [];

beforeAll(async () => {
  sim = await startEc2Simulator({ transitionMs: 20, seed: { instances: 2500 } });
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await sim.close();
});
beforeEach(() => {
  sim.faults.clear();
});

function client(options: EC2Options = {}): EC2 {
  const made = new EC2({ endpoint: sim.endpoint, ...sim.credentials, env: {}, ...options });
  clients.push(made);
  return made;
}

function action(request: SimulatorRequest): string | null {
  return request.query.get('Action') ?? new URLSearchParams(request.text).get('Action');
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
}

const fast = { minDelay: 20, maxDelay: 100, timeout: 30_000 };

describe('signatures, as the simulator verifies them', () => {
  it.each([4, 2] as const)('accepts SigV%i', async (signatureVersion) => {
    const { Regions = [] } = await client({ signatureVersion }).describeRegions({});
    expect(Regions.map((r) => r.RegionName)).toEqual(['RegionOne']);
  });

  it('signs for any region (Keystone takes the scope the client sent)', async () => {
    expect((await client({ region: 'nova' }).describeRegions({})).$metadata.httpStatusCode).toBe(200);
  });

  it('refuses a wrong secret key, and a stale clock, as an AuthError and Ec2Error', async () => {
    const wrong = await failure(() => client({ secretAccessKey: 'not-the-secret-key' }).describeRegions({}));
    expect(wrong).toBeInstanceOf(AuthError);
    expect(wrong).toBeInstanceOf(Ec2Error);
    expect((wrong as AuthError).code).toBe('AuthFailure');
    const ahead = await startEc2Simulator({ now: () => new Date(Date.now() + 3_600_000) });
    try {
      for (const signatureVersion of [4, 2] as const) {
        const stale = new EC2({ endpoint: ahead.endpoint, ...ahead.credentials, signatureVersion, env: {} });
        const error = await failure(() => stale.describeRegions({}));
        await stale.close();
        expect(error).toBeInstanceOf(AuthError);
      }
    } finally {
      await ahead.close();
    }
  });
});

describe('the generated client', () => {
  it('pages 2,500 instances in pages of 1,000', async () => {
    const ec2 = client();
    let pages = 0;
    let instances = 0;
    for await (const page of ec2.paginateDescribeInstances({}, { pageSize: 1000 })) {
      pages++;
      for (const reservation of page.Reservations ?? []) instances += reservation.Instances?.length ?? 0;
    }
    expect(pages).toBe(3);
    expect(instances).toBeGreaterThanOrEqual(2500);
  });

  it('volumes: create, wait, attach, detach, delete; addresses: allocate, associate, release', async () => {
    const ec2 = client();
    const { Reservations = [] } = await ec2.describeInstances({
      Filters: [{ Name: 'instance-state-name', Values: ['running'] }],
      MaxResults: 5,
    });
    const instanceId = Reservations[0]?.Instances?.[0]?.InstanceId ?? '';
    const volume = await ec2.createVolume({ AvailabilityZone: 'nova', Size: 1 });
    const VolumeId = volume.VolumeId ?? '';
    await ec2.waitUntilVolumeAvailable({ VolumeIds: [VolumeId] }, fast);
    const attached = await ec2.attachVolume({ VolumeId, InstanceId: instanceId, Device: '/dev/vdb' });
    expect(attached.State).toBe('attaching');
    await ec2.waitUntilVolumeInUse({ VolumeIds: [VolumeId] }, fast);
    // ec2-api shows an attaching volume as in-use already: its attachment says when it is done.
    await waitFor(async () => (await ec2.describeVolumes({ VolumeIds: [VolumeId] })).Volumes?.[0], {
      until: (each) => each?.Attachments?.[0]?.State === 'attached',
      interval: 20,
      timeout: 30_000,
    });
    await ec2.detachVolume({ VolumeId });
    await ec2.waitUntilVolumeAvailable({ VolumeIds: [VolumeId] }, fast);
    await ec2.deleteVolume({ VolumeId });
    // The 2014-10-01 model's VolumeDeleted knows only `deleted`; ec2-api forgets a deleted volume,
    // so there the wait ends with InvalidVolume.NotFound, which means it is gone.
    const gone = await failure(() => ec2.waitUntilVolumeDeleted({ VolumeIds: [VolumeId] }, fast));
    expect(gone).toBeInstanceOf(NotFoundError);

    const { PublicIp = '' } = await ec2.allocateAddress({});
    await ec2.associateAddress({ PublicIp, InstanceId: instanceId });
    const { Addresses = [] } = await ec2.describeAddresses({ PublicIps: [PublicIp] });
    expect(Addresses[0]?.InstanceId).toBe(instanceId);
    await ec2.disassociateAddress({ PublicIp });
    await ec2.releaseAddress({ PublicIp });
    expect(await failure(() => ec2.describeAddresses({ PublicIps: [PublicIp] }))).toBeInstanceOf(
      NotFoundError,
    );
  });

  it('a ClientToken makes RunInstances idempotent: the same reservation again', async () => {
    const ec2 = client();
    const { Images = [] } = await ec2.describeImages({});
    const input = { ImageId: Images[0]?.ImageId ?? '', MinCount: 1, MaxCount: 1, ClientToken: 'e2e-token-1' };
    const first = await ec2.runInstances(input);
    const again = await ec2.runInstances(input);
    expect(again.ReservationId).toBe(first.ReservationId);
    const mismatch = await failure(() => ec2.runInstances({ ...input, MaxCount: 2 }));
    expect(mismatch).toBeInstanceOf(ConflictError);
  });

  it('a waiter’s failure state is an Ec2WaiterError', async () => {
    const ec2 = client();
    const { Images = [] } = await ec2.describeImages({});
    const run = await ec2.runInstances({ ImageId: Images[0]?.ImageId ?? '', MinCount: 1, MaxCount: 1 });
    const InstanceIds = [run.Instances?.[0]?.InstanceId ?? ''];
    await ec2.terminateInstances({ InstanceIds });
    const error = await failure(() => ec2.waitUntilInstanceRunning({ InstanceIds }, fast));
    expect(error).toBeInstanceOf(Ec2WaiterError);
    expect(error).toBeInstanceOf(ConflictError);
  });
});

describe('the boto-style layer', () => {
  it('runs the tutorial: key pair, image, run, update, tags, stop, start, terminate', async () => {
    const conn = connectEc2({ endpoint: sim.endpoint, ...sim.credentials, env: {} });
    clients.push(conn.client);
    const key = await conn.createKeyPair('e2e-key');
    expect(key.material).toMatch(/^-----BEGIN/);
    const duplicate = await failure(() => conn.createKeyPair('e2e-key'));
    expect(duplicate).toBeInstanceOf(ConflictError);
    expect((duplicate as ConflictError).code).toBe('InvalidKeyPair.Duplicate');

    const [image] = await conn.getAllImages({ filters: { name: 'cirros*' } });
    expect(image?.name).toMatch(/^cirros/);
    const reservation = await image!.run({ keyName: 'e2e-key', instanceType: 'm1.tiny', minCount: 2 });
    expect(reservation.instances).toHaveLength(2);
    const [instance] = reservation.instances;
    await instance!.waitUntilRunning(fast);
    expect(instance!.state).toBe('running');
    expect(await instance!.update()).toBe('running');

    await instance!.addTags({ env: 'e2e', Name: 'web-1' });
    const tagged = await conn.getOnlyInstances({ filters: { 'tag:env': 'e2e' } });
    expect(tagged.map((each) => each.id)).toEqual([instance!.id]);
    expect(tagged[0]?.tags).toMatchObject({ env: 'e2e', Name: 'web-1' });

    // ec2-api answers StopInstances with `true` and no instancesSet: boto's stop() then keeps the
    // state it knew, and so does this one.
    expect(['running', 'stopping']).toContain(await instance!.stop());
    await instance!.waitUntilStopped(fast);
    expect(instance!.state).toBe('stopped');
    await instance!.start();
    await instance!.waitUntilRunning(fast);
    const started = await failure(() => instance!.start());
    expect(started).toBeInstanceOf(ConflictError);
    expect((started as ConflictError).code).toBe('IncorrectInstanceState');

    const terminated = await conn.terminateInstances(reservation.instances.map((each) => each.id ?? ''));
    expect(terminated.map((change) => change.PreviousState?.Name)).toEqual(['running', 'running']);
    await conn.waitUntilInstanceTerminated(
      reservation.instances.map((each) => each.id ?? ''),
      fast,
    );
    expect(await instance!.update()).toBe('terminated');
    await key.delete();
    expect(await conn.getKeyPair('e2e-key')).toBeUndefined();
  });

  it('security groups: create, authorize, list, revoke, delete', async () => {
    const conn = connectEc2({ endpoint: sim.endpoint, ...sim.credentials, env: {} });
    clients.push(conn.client);
    const group = await conn.createSecurityGroup('e2e-web', 'web servers');
    await group.authorize({
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIp: ['10.0.0.0/8', '192.168.0.0/16'],
    });
    const [listed] = await conn.getAllSecurityGroups({ groupNames: ['e2e-web'] });
    expect(listed?.rules.flatMap((rule) => rule.IpRanges?.map((range) => range.CidrIp))).toEqual([
      '10.0.0.0/8',
      '192.168.0.0/16',
    ]);
    const again = await failure(() => conn.createSecurityGroup('e2e-web', 'again'));
    expect(again).toBeInstanceOf(ConflictError);
    await group.revoke({ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '10.0.0.0/8' });
    await group.delete();
    expect(await failure(() => conn.getAllSecurityGroups({ groupNames: ['e2e-web'] }))).toBeInstanceOf(
      NotFoundError,
    );
  });

  it('lists regions, zones and every reservation', async () => {
    const conn = connectEc2({ endpoint: sim.endpoint, ...sim.credentials, env: {} });
    clients.push(conn.client);
    expect((await conn.getAllRegions()).map((region) => region.name)).toEqual(['RegionOne']);
    expect((await conn.getAllZones()).map((zone) => [zone.name, zone.state])).toEqual([
      ['nova', 'available'],
    ]);
    expect((await conn.getAllReservations()).length).toBeGreaterThanOrEqual(2500);
  });
});

describe('retries against the simulator’s faults', () => {
  const throttled = `<?xml version="1.0"?>\n<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>req-throttle</RequestID></Response>`;

  it('retries a read through throttling, once per attempt signed anew', async () => {
    const ec2 = client({ retry: { retries: 3, minDelay: 10, maxDelay: 40 } });
    sim.faults.add({
      kind: 'error',
      status: 400,
      body: throttled,
      headers: { 'content-type': 'text/xml' },
      times: 2,
      when: (request: SimulatorRequest) => action(request) === 'DescribeRegions',
    });
    sim.requests.reset();
    const answer = await ec2.describeRegions({});
    expect(answer.$metadata.attempts).toBe(3);
    expect(sim.requests.count('DescribeRegions')).toBe(3);
  });

  it('sends a write once through throttling; a ClientToken lets it be retried', async () => {
    const ec2 = client({ retry: { retries: 3, minDelay: 10, maxDelay: 40 } });
    const { Images = [] } = await ec2.describeImages({});
    const input = { ImageId: Images[0]?.ImageId ?? '', MinCount: 1, MaxCount: 1 };
    const when = (request: SimulatorRequest) => action(request) === 'RunInstances';
    sim.faults.add({
      kind: 'error',
      status: 503,
      body: throttled,
      headers: { 'content-type': 'text/xml' },
      times: 1,
      when,
    });
    sim.requests.reset();
    const once = await failure(() => ec2.runInstances(input));
    expect(once).toBeInstanceOf(RateLimitError);
    expect(sim.requests.count('RunInstances')).toBe(1);

    sim.faults.add({ kind: 'reset', times: 1, when });
    sim.requests.reset();
    const ran = await ec2.runInstances({ ...input, ClientToken: 'retry-token-1' });
    expect(ran.Instances).toHaveLength(1);
    expect(sim.requests.count('RunInstances')).toBe(2);
    expect(await failure(() => ec2.runInstances(input, { retry: 1 }))).toBeInstanceOf(ParameterError);
  });
});
