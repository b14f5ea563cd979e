/**
 * The EC2 simulator against the TypeScript user's alternative client, `@aws-sdk/client-ec2`
 * (a devDependency): it sends the 2016-11-15 API version, signs SigV4 POSTs and parses with its own
 * model; the simulator answers as ec2-api would, whatever the version.
 */
import {
  CreateKeyPairCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeRegionsCommand,
  EC2Client,
  EC2ServiceException,
  paginateDescribeInstances,
  RunInstancesCommand,
  TerminateInstancesCommand,
  waitUntilInstanceRunning,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEc2Simulator, startEc2Simulator } from './simulator.js';

let sim: RunningEc2Simulator;
let ec2: EC2Client;

beforeAll(async () => {
  sim = await startEc2Simulator({ transitionMs: 20, seed: { instances: 12 } });
  ec2 = new EC2Client({
    endpoint: sim.endpoint,
    region: sim.credentials.region,
    credentials: {
      accessKeyId: sim.credentials.accessKeyId,
      secretAccessKey: sim.credentials.secretAccessKey,
    },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  ec2.destroy();
  await sim.close();
});

describe('@aws-sdk/client-ec2 against the simulator', () => {
  it('describes regions, runs, describes, waits for and terminates instances', async () => {
    const versions = new Set<string>();
    sim.faults.add({
      kind: 'latency',
      ms: 0,
      when: (request) => {
        versions.add(new URLSearchParams(request.text).get('Version') ?? '');
        return false;
      },
    });

    const { Regions } = await ec2.send(new DescribeRegionsCommand({}));
    expect(Regions).toEqual([{ RegionName: 'RegionOne', Endpoint: sim.endpoint }]);

    const key = await ec2.send(new CreateKeyPairCommand({ KeyName: 'sdk-key' }));
    expect(key.KeyMaterial).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);

    const { Images = [] } = await ec2.send(
      new DescribeImagesCommand({ Filters: [{ Name: 'name', Values: ['cirros*'] }] }),
    );
    expect(Images.map((i) => i.Name)).toEqual(['cirros-0.6.2-x86_64-disk']);
    expect(Images[0]?.Public).toBe(true);

    const reservation = await ec2.send(
      new RunInstancesCommand({
        ImageId: Images[0]?.ImageId,
        MinCount: 1,
        MaxCount: 3,
        KeyName: 'sdk-key',
        InstanceType: 'm1.tiny' as never,
      }),
    );
    const ids = (reservation.Instances ?? []).map((i) => i.InstanceId as string);
    expect(ids).toHaveLength(3);
    expect(reservation.ReservationId).toMatch(/^r-/);
    expect(reservation.Instances?.[0]?.State).toEqual({ Code: 0, Name: 'pending' });
    expect(reservation.Instances?.[0]?.LaunchTime).toBeInstanceOf(Date);
    // The SDK fills ClientToken itself (an idempotency token in its model): the simulator keeps it.
    expect(reservation.Instances?.[0]?.ClientToken).toMatch(/./);

    const waited = await waitUntilInstanceRunning(
      { client: ec2, maxWaitTime: 30, minDelay: 1, maxDelay: 1 },
      { InstanceIds: ids },
    );
    expect(waited.state).toBe('SUCCESS');

    const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }));
    const instances = (described.Reservations ?? []).flatMap((r) => r.Instances ?? []);
    expect(instances.map((i) => i.State?.Name)).toEqual(['running', 'running', 'running']);
    expect(instances.map((i) => i.AmiLaunchIndex)).toEqual([0, 1, 2]);
    expect(instances[0]?.Placement?.AvailabilityZone).toBe('nova');
    expect(instances[0]?.SecurityGroups?.[0]?.GroupName).toBe('default');

    let pages = 0;
    let total = 0;
    for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 5 }, {})) {
      pages += 1;
      total += (page.Reservations ?? []).reduce((n, r) => n + (r.Instances?.length ?? 0), 0);
    }
    expect({ pages, total }).toEqual({ pages: 3, total: 15 });

    const terminated = await ec2.send(new TerminateInstancesCommand({ InstanceIds: ids }));
    expect(
      terminated.TerminatingInstances?.map((t) => [t.PreviousState?.Name, t.CurrentState?.Name]),
    ).toEqual([
      ['running', 'shutting-down'],
      ['running', 'shutting-down'],
      ['running', 'shutting-down'],
    ]);
    expect([...versions]).toEqual(['2016-11-15']);
  });

  it('surfaces the simulator’s errors as the SDK’s service exceptions', async () => {
    const error = await ec2
      .send(new DescribeInstancesCommand({ InstanceIds: ['i-0000beef'] }))
      .catch((e) => e);
    expect(error).toBeInstanceOf(EC2ServiceException);
    expect(error.name).toBe('InvalidInstanceID.NotFound');
    expect(error.message).toBe("The instance ID 'i-0000beef' does not exist");
    expect(error.$metadata.httpStatusCode).toBe(400);

    const wrong = new EC2Client({
      endpoint: sim.endpoint,
      region: sim.credentials.region,
      credentials: { accessKeyId: sim.credentials.accessKeyId, secretAccessKey: 'wrong' },
      maxAttempts: 1,
    });
    const refused = await wrong.send(new DescribeRegionsCommand({})).catch((e) => e);
    wrong.destroy();
    expect(refused.name).toBe('AuthFailure');
    expect(refused.$metadata.httpStatusCode).toBe(401);
  });
});
