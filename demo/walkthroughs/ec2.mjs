// The EC2 walk-through (packages/ec2/README.md) against the EC2 simulator, which checks every
// signature as Keystone does: boto's tutorial boto-style (regions, a key pair saved to disk,
// images, image.run() → reservation → instance, update(), stop, terminate), then the same with the
// generated client signing SigV2 (a waiter, a paginator), and errors by kind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthError, connectEc2, EC2, Ec2Error, NotFoundError } from '@overcast/ec2';
import { startEc2Simulator } from '@overcast/simulators';

export const title = 'EC2: boto-style tutorial, generated client, SigV4 and SigV2, waiters, errors';

export async function run(print) {
  const sim = await startEc2Simulator({ transitionMs: 50 });
  const { accessKeyId, secretAccessKey } = sim.credentials;
  const endpoint = sim.endpoint;
  const keys = mkdtempSync(join(tmpdir(), 'ec2-demo-keys-'));
  const conn = connectEc2({ endpoint, accessKeyId, secretAccessKey, region: 'RegionOne' });
  const ec2 = new EC2({ endpoint, accessKeyId, secretAccessKey, region: 'RegionOne', signatureVersion: 2 });
  const wrong = new EC2({ endpoint, accessKeyId, secretAccessKey: 'not-the-secret', region: 'RegionOne' });
  try {
    print(`connectEc2({ endpoint: ${endpoint}, accessKeyId, secretAccessKey }) — SigV4 over a POST form`);
    const regions = await conn.getAllRegions();
    print(`getAllRegions() → ${regions.map((region) => `${region.name} ${region.endpoint}`).join(', ')}`);

    const key = await conn.createKeyPair('demo');
    const saved = await key.save(keys);
    print(`createKeyPair('demo') → fingerprint ${key.fingerprint}, private key saved to ${saved}`);

    const images = await conn.getAllImages();
    print(`getAllImages() → ${images.map((image) => image.name).join(', ')}`);
    const image = images.find((each) => each.name?.startsWith('cirros')) ?? images[0];
    const reservation = await image.run({
      keyName: 'demo',
      instanceType: 'm1.tiny',
      securityGroups: ['default'],
    });
    const [instance] = reservation.instances;
    print(`image.run({ keyName, instanceType }) → ${reservation.id}: ${instance.id} ${instance.state}`);
    while ((await instance.update()) === 'pending') await new Promise((resolve) => setTimeout(resolve, 50));
    print(`instance.update() → ${instance.state}, ${instance.privateIpAddress} in ${instance.placement}`);
    await instance.stop();
    await instance.waitUntilStopped({ minDelay: 50 });
    print(`instance.stop(), waitUntilStopped() → ${instance.state}`);
    await instance.terminate();
    await instance.waitUntilTerminated({ minDelay: 50 });
    print(`instance.terminate(), waitUntilTerminated() → ${instance.state}`);

    const { Images = [] } = await ec2.describeImages({ Filters: [{ Name: 'name', Values: ['cirros*'] }] });
    const run = await ec2.runInstances({
      ImageId: Images[0].ImageId,
      MinCount: 3,
      MaxCount: 3,
      KeyName: 'demo',
      InstanceType: 'm1.tiny',
    });
    const InstanceIds = run.Instances.map((each) => each.InstanceId);
    print(
      `ec2.runInstances({ MinCount: 3, … }) (SigV2) → ${InstanceIds.join(' ')}, request ${run.$metadata.requestId}`,
    );
    await ec2.waitUntilInstanceRunning({ InstanceIds }, { minDelay: 50, timeout: 60_000 });
    let pages = 0;
    let running = 0;
    const Filters = [{ Name: 'instance-state-name', Values: ['running'] }];
    for await (const page of ec2.paginateDescribeInstances({ Filters }, { pageSize: 5 })) {
      pages++;
      for (const r of page.Reservations ?? []) running += r.Instances?.length ?? 0;
    }
    print(`waitUntilInstanceRunning, then paginateDescribeInstances → ${running} running, ${pages} page(s)`);
    await ec2.terminateInstances({ InstanceIds });
    await ec2.waitUntilInstanceTerminated({ InstanceIds }, { minDelay: 50 });
    print('terminateInstances, waitUntilInstanceTerminated → done');

    try {
      await ec2.describeInstances({ InstanceIds: ['i-00000000'] });
      throw new Error('describing an instance that does not exist did not fail');
    } catch (error) {
      if (!(error instanceof NotFoundError && error instanceof Ec2Error)) throw error;
      print(`an id naming nothing → ${error.name} (NotFoundError and Ec2Error) ${error.code}`);
    }
    try {
      await wrong.describeRegions({});
      throw new Error('a wrong secret key was accepted');
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      print(`a wrong secret key → ${error.name} ${error.code} (no secret in the message)`);
    }
  } finally {
    await Promise.all([conn.close(), ec2.close(), wrong.close()]);
    await sim.close();
    rmSync(keys, { recursive: true, force: true });
  }
}
