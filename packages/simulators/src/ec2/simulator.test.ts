/**
 * The EC2 simulator over HTTP, signed by the test client of client.test-helper.ts: the wire
 * format (ec2-api's documents byte for byte where it matters), authentication, every modelled
 * action and its errors, paging, transitions, reset and the kit's uniform fields.
 */
import { createPublicKey } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findSimulator } from '../registry.js';
import './register.js';
import { call, fails, ok } from './client.test-helper.js';
import {
  DEFAULT_EC2_CREDENTIALS,
  DEFAULT_EC2_PROJECT_ID,
  type RunningEc2Simulator,
  startEc2Simulator,
} from './simulator.js';

const TRANSITION_MS = 30;
let sim: RunningEc2Simulator;

beforeAll(async () => {
  sim = await startEc2Simulator({ transitionMs: TRANSITION_MS });
});
afterEach(() => {
  sim.faults.clear();
  sim.requests.reset();
  sim.reset();
});
afterAll(() => sim.close());

/** Polls until `probe` stops throwing (transitions take a few ms here). */
async function eventually<T>(probe: () => Promise<T>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(10);
    }
  }
}

// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field
type Json = any;

/** The one instance of a DescribeInstances answer for `id`. */
async function instance(id: string): Promise<Json> {
  const answer = await ok(sim, 'DescribeInstances', { 'InstanceId.1': id });
  return answer.reservationSet[0].instancesSet[0];
}

async function stateOf(id: string): Promise<string> {
  return (await instance(id)).instanceState.name;
}

/** An SSH wire-format string: a 4-byte big-endian length, then the bytes. */
function sshField(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** An SSH mpint: a positive integer gets a leading zero byte when its top bit is set. */
function sshMpint(bytes: Buffer): Buffer {
  return sshField((bytes[0] as number) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

async function run(params: Record<string, string | number> = {}): Promise<Json> {
  return ok(sim, 'RunInstances', { ImageId: sim.imageIds[0] as string, MinCount: 1, MaxCount: 1, ...params });
}

describe('the kit fields', () => {
  it('serves /services/Cloud and hands clients the credentials and the region', () => {
    expect(sim.apiPath).toBe('/services/Cloud');
    expect(sim.endpoint).toBe(`${sim.url}/services/Cloud`);
    expect(sim.credentials).toEqual({ ...DEFAULT_EC2_CREDENTIALS, region: 'RegionOne' });
    expect(sim.region).toBe('RegionOne');
    expect(sim.transitionMs).toBe(TRANSITION_MS);
    expect(sim.imageIds).toHaveLength(3);
    expect(sim.vpcId).toMatch(/^vpc-[0-9a-f]{8}$/);
    expect(findSimulator('ec2')?.description).toContain('ec2-api');
  });
});

describe('wire format', () => {
  it('answers DescribeRegions as ec2-api renders it, echoing the Version in the namespace', async () => {
    const answer = await call(sim, 'DescribeRegions', {}, { version: '2016-11-15' });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('text/xml');
    expect(answer.text).toMatch(
      new RegExp(
        '^<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">\n' +
          '  <requestId>req-[0-9a-f-]{36}</requestId>\n' +
          '  <regionInfo>\n' +
          '    <item>\n' +
          '      <regionName>RegionOne</regionName>\n' +
          `      <regionEndpoint>${sim.endpoint}</regionEndpoint>\n` +
          '    </item>\n' +
          '  </regionInfo>\n' +
          '</DescribeRegionsResponse>\n$',
      ),
    );
  });

  it('renders errors as faults.ec2_error_response does', async () => {
    const answer = await call(sim, 'DescribeInstances', { 'InstanceId.1': 'i-0000abcd' });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toBe('text/xml');
    expect(answer.text).toMatch(
      /^<\?xml version="1\.0"\?>\n<Response><Errors><Error><Code>InvalidInstanceID\.NotFound<\/Code><Message>The instance ID &apos;i-0000abcd&apos; does not exist<\/Message><\/Error><\/Errors><RequestID>req-[0-9a-f-]{36}<\/RequestID><\/Response>$/,
    );
  });

  it('renders booleans lower-case, dates with milliseconds and absent values as empty elements', async () => {
    const reservation = await run();
    expect(reservation.instancesSet[0].launchTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const raw = (await call(sim, 'DescribeImages')).text;
    expect(raw).toContain('<isPublic>true</isPublic>');
    expect(raw).toContain('<imageLocation>None (cirros-0.6.2-x86_64-disk)</imageLocation>');
    const instances = (await call(sim, 'DescribeInstances')).text;
    expect(instances).toContain('<keyName/>');
    expect(instances).toContain('<productCodesSet/>');
  });

  it('escapes text, and fails as lxml does on text XML cannot carry', async () => {
    const id = (await run()).instancesSet[0].instanceId;
    await ok(sim, 'CreateTags', { 'ResourceId.1': id, 'Tag.1.Key': 'note', 'Tag.1.Value': 'a<b & "c"' });
    const raw = (await call(sim, 'DescribeTags')).text;
    expect(raw).toContain('<value>a&lt;b &amp; "c"</value>');
    await ok(sim, 'CreateTags', { 'ResourceId.1': id, 'Tag.1.Key': 'bell', 'Tag.1.Value': 'ding\u0007' });
    expect(await fails(sim, 'DescribeTags')).toMatchObject({
      status: 500,
      code: 'ValueError',
      message: 'Unknown error occurred.',
    });
  });

  it('answers an unknown action with ec2-api’s InvalidRequest', async () => {
    expect(await fails(sim, 'DescribeSpotPriceHistory')).toMatchObject({
      status: 400,
      code: 'InvalidRequest',
      message: 'The request received was invalid.',
    });
    expect(await fails(sim, 'NoSuchThing')).toMatchObject({ code: 'InvalidRequest' });
  });

  it('serves any path (the path sent is the path signed) and counts requests by Action', async () => {
    await ok(sim, 'DescribeRegions', {}, { path: '/' });
    await ok(sim, 'DescribeRegions', {}, { path: '/another/path', signature: 2, method: 'GET' });
    await ok(sim, 'DescribeAvailabilityZones');
    expect(sim.requests.count('DescribeRegions')).toBe(2);
    expect(sim.requests.byOperation()).toEqual({ DescribeRegions: 2, DescribeAvailabilityZones: 1 });
  });

  it('answers a DryRun as AWS does', async () => {
    expect(
      await fails(sim, 'TerminateInstances', { 'InstanceId.1': 'i-00000001', DryRun: true }),
    ).toMatchObject({
      status: 412,
      code: 'DryRunOperation',
    });
  });
});

describe('authentication', () => {
  it('accepts SigV4 POSTs and SigV2 HmacSHA256 GETs and POSTs', async () => {
    for (const options of [
      { signature: 4 },
      { signature: 2, method: 'GET' },
      { signature: 2, method: 'POST' },
    ] as const) {
      expect((await call(sim, 'DescribeRegions', {}, options)).status).toBe(200);
    }
  });

  it('refuses a wrong secret, an unknown access key and a stale timestamp with AuthFailure 401', async () => {
    expect(await fails(sim, 'DescribeRegions', {}, { secretAccessKey: 'wrong' })).toMatchObject({
      status: 401,
      code: 'AuthFailure',
      message: 'Invalid EC2 signature.',
    });
    expect(await fails(sim, 'DescribeRegions', {}, { accessKeyId: 'nobody' })).toMatchObject({
      status: 401,
      code: 'AuthFailure',
      message: 'EC2 access key not found.',
    });
    const stale = new Date(Date.now() - 20 * 60_000);
    for (const signature of [2, 4] as const) {
      expect(await fails(sim, 'DescribeRegions', {}, { signature, at: stale })).toMatchObject({
        status: 401,
        code: 'AuthFailure',
        message: 'Credential is expired',
      });
    }
    const early = new Date(Date.now() + 20 * 60_000);
    expect(await fails(sim, 'DescribeRegions', {}, { signature: 2, at: early })).toMatchObject({
      status: 401,
    });
    // Within the skew (15 minutes, Keystone's auth_ttl) a clock difference is fine.
    expect((await call(sim, 'DescribeRegions', {}, { at: new Date(Date.now() - 10 * 60_000) })).status).toBe(
      200,
    );
  });

  it('refuses a request without a signature with ec2-api’s 400', async () => {
    const response = await fetch(`${sim.endpoint}?Action=DescribeRegions&Version=2014-10-01`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(
      '<Code>AuthFailure</Code><Message>Signature not provided</Message>',
    );
  });

  it('refuses SigV2 with HmacSHA1 as Keystone does, and takes it under the aws rules', async () => {
    const refused = await fails(sim, 'DescribeRegions', {}, { signature: 2, signatureMethod: 'HmacSHA1' });
    expect(refused).toMatchObject({ status: 401, code: 'AuthFailure' });
    expect(refused.message).toContain('HmacSHA256');
    await using aws = await startEc2Simulator({ signatureRules: 'aws' });
    expect(
      (await call(aws, 'DescribeRegions', {}, { signature: 2, signatureMethod: 'HmacSHA1' })).status,
    ).toBe(200);
    expect((await call(aws, 'DescribeRegions', {}, { signature: 2, method: 'GET' })).status).toBe(200);
  });

  it('accepts every credential of a list, and signs SigV4 for any region', async () => {
    const second = { accessKeyId: 'second-key', secretAccessKey: 'second-secret' };
    await using multi = await startEc2Simulator({
      credentials: [DEFAULT_EC2_CREDENTIALS, second],
      region: 'nova',
    });
    expect(multi.credentials).toEqual({ ...DEFAULT_EC2_CREDENTIALS, region: 'nova' });
    expect((await call(multi, 'DescribeRegions', {}, second)).status).toBe(200);
    expect((await call(multi, 'DescribeRegions', {}, { region: 'us-east-1' })).status).toBe(200);
    const regions = await ok(multi, 'DescribeRegions');
    expect(regions.regionInfo).toEqual([{ regionName: 'nova', regionEndpoint: multi.endpoint }]);
  });

  it('refuses malformed credentials options', async () => {
    await expect(
      startEc2Simulator({ credentials: { accessKeyId: '', secretAccessKey: 'x' } }),
    ).rejects.toThrow(/non-empty accessKeyId and secretAccessKey/);
  });
});

describe('regions, zones, key pairs and images', () => {
  it('lists the availability zones, by name, and refuses an unknown one', async () => {
    expect((await ok(sim, 'DescribeAvailabilityZones')).availabilityZoneInfo).toEqual([
      { zoneName: 'nova', zoneState: 'available' },
    ]);
    expect(await fails(sim, 'DescribeAvailabilityZones', { 'ZoneName.1': 'elsewhere' })).toMatchObject({
      code: 'InvalidAvailabilityZone.NotFound',
      message: 'Availability zone elsewhere not found',
    });
  });

  it('creates, imports, lists and deletes key pairs', async () => {
    const created = await ok(sim, 'CreateKeyPair', { KeyName: 'mykey' });
    expect(created.keyName).toBe('mykey');
    expect(created.keyFingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    expect(created.keyMaterial).toMatch(
      /^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+-----END RSA PRIVATE KEY-----\n$/,
    );
    expect(await fails(sim, 'CreateKeyPair', { KeyName: 'mykey' })).toMatchObject({
      status: 400,
      code: 'InvalidKeyPair.Duplicate',
      message: "Key pair 'mykey' already exists.",
    });
    // The private key's public half, as `ssh-keygen -y` would print it, imports under another name.
    const jwk = createPublicKey(created.keyMaterial).export({ format: 'jwk' }) as { n: string; e: string };
    const blob = Buffer.concat([
      sshField(Buffer.from('ssh-rsa')),
      sshMpint(Buffer.from(jwk.e, 'base64url')),
      sshMpint(Buffer.from(jwk.n, 'base64url')),
    ]);
    const publicKey = `ssh-rsa ${blob.toString('base64')} me@laptop`;
    const imported = await ok(sim, 'ImportKeyPair', {
      KeyName: 'imported',
      PublicKeyMaterial: Buffer.from(publicKey).toString('base64'),
    });
    expect(imported).toMatchObject({ keyName: 'imported', keyFingerprint: created.keyFingerprint });
    expect(
      await fails(sim, 'ImportKeyPair', { KeyName: 'bad', PublicKeyMaterial: 'bm90IGEga2V5' }),
    ).toMatchObject({
      code: 'BadRequest',
    });
    expect(await fails(sim, 'ImportKeyPair', { KeyName: 'none' })).toMatchObject({
      code: 'MissingParameter',
      message: "The required parameter 'public_key_material' is missing",
    });

    const listed = await ok(sim, 'DescribeKeyPairs');
    expect(listed.keySet.map((k: Json) => k.keyName)).toEqual(['mykey', 'imported']);
    const filtered = await ok(sim, 'DescribeKeyPairs', {
      'Filter.1.Name': 'key-name',
      'Filter.1.Value.1': 'imp*',
    });
    expect(filtered.keySet).toEqual([{ keyName: 'imported', keyFingerprint: created.keyFingerprint }]);
    expect(await fails(sim, 'DescribeKeyPairs', { 'KeyName.1': 'nope' })).toMatchObject({
      code: 'InvalidKeyPair.NotFound',
      message: 'Keypair nope is not found',
    });
    expect(await ok(sim, 'DeleteKeyPair', { KeyName: 'mykey' })).toMatchObject({ return: 'true' });
    expect(await ok(sim, 'DeleteKeyPair', { KeyName: 'never-existed' })).toMatchObject({ return: 'true' });
    expect((await ok(sim, 'DescribeKeyPairs')).keySet.map((k: Json) => k.keyName)).toEqual(['imported']);
  });

  it('describes the seeded images, by id and with filters', async () => {
    const all = await ok(sim, 'DescribeImages', { 'Owner.1': 'self', 'ExecutableBy.1': 'all' });
    expect(all.imagesSet.map((i: Json) => i.name)).toEqual([
      'cirros-0.6.2-x86_64-disk',
      'ubuntu-22.04-server-cloudimg-amd64',
      'debian-12-genericcloud-arm64',
    ]);
    expect(all.imagesSet[0]).toEqual({
      imageId: sim.imageIds[0],
      imageOwnerId: DEFAULT_EC2_PROJECT_ID,
      imageType: 'machine',
      isPublic: 'true',
      architecture: 'x86_64',
      creationDate: '2024-01-15T09:30:00.000Z',
      imageState: 'available',
      imageLocation: 'None (cirros-0.6.2-x86_64-disk)',
      name: 'cirros-0.6.2-x86_64-disk',
      rootDeviceType: 'instance-store',
    });
    const arm = await ok(sim, 'DescribeImages', {
      'Filter.1.Name': 'architecture',
      'Filter.1.Value.1': 'aarch64',
    });
    expect(arm.imagesSet.map((i: Json) => i.name)).toEqual(['debian-12-genericcloud-arm64']);
    const byId = await ok(sim, 'DescribeImages', { 'ImageId.1': sim.imageIds[1] as string });
    expect(byId.imagesSet).toHaveLength(1);
    expect(await fails(sim, 'DescribeImages', { 'ImageId.1': 'ami-0000dead' })).toMatchObject({
      code: 'InvalidAMIID.NotFound',
      message: "The image id '[ami-0000dead]' does not exist",
    });
    expect(await fails(sim, 'DescribeImages', { 'ImageId.1': 'cirros' })).toMatchObject({
      code: 'InvalidParameterValue',
      message: 'Value (cirros) for parameter image_id is invalid. Expected: ami-...',
    });
    expect(
      await fails(sim, 'DescribeImages', { 'Filter.1.Name': 'colour', 'Filter.1.Value.1': 'x' }),
    ).toMatchObject({
      code: 'InvalidParameterValue',
      message: 'Value (colour) for parameter filter is invalid. invalid filter',
    });
  });
});

describe('instances', () => {
  it('runs a reservation of MaxCount instances, pending then running', async () => {
    await ok(sim, 'CreateKeyPair', { KeyName: 'k' });
    const reservation = await run({
      MinCount: 1,
      MaxCount: 2,
      KeyName: 'k',
      InstanceType: 'm1.tiny',
      'SecurityGroup.1': 'default',
      UserData: Buffer.from('#!/bin/sh\necho hi\n').toString('base64'),
      'Placement.AvailabilityZone': 'nova',
    });
    expect(reservation.reservationId).toMatch(/^r-[0-9a-z]{8}$/);
    expect(reservation.ownerId).toBe(DEFAULT_EC2_PROJECT_ID);
    expect(reservation.groupSet).toEqual([{ groupName: 'default', groupId: expect.stringMatching(/^sg-/) }]);
    expect(reservation.instancesSet).toHaveLength(2);
    const [first, second] = reservation.instancesSet;
    expect(first).toMatchObject({
      amiLaunchIndex: '0',
      imageId: sim.imageIds[0],
      instanceType: 'm1.tiny',
      keyName: 'k',
      placement: { availabilityZone: 'nova' },
      instanceState: { code: '0', name: 'pending' },
      rootDeviceName: '/dev/vda',
      rootDeviceType: 'instance-store',
      privateIpAddress: '',
    });
    expect(second.amiLaunchIndex).toBe('1');
    await eventually(async () => expect(await stateOf(first.instanceId)).toBe('running'));
    const running = await instance(first.instanceId);
    expect(running.instanceState).toEqual({ code: '16', name: 'running' });
    expect(running.privateIpAddress).toMatch(/^10\.0\.0\.\d+$/);
  });

  it('refuses bad RunInstances parameters as ec2-api does', async () => {
    const image = sim.imageIds[0] as string;
    expect(await fails(sim, 'RunInstances', { MinCount: 1, MaxCount: 1 })).toMatchObject({
      code: 'MissingParameter',
      message: "The required parameter 'image_id' is missing",
    });
    expect(await fails(sim, 'RunInstances', { ImageId: image, MinCount: 0, MaxCount: 1 })).toMatchObject({
      code: 'InvalidParameterValue',
      message: 'Minimum instance count must be greater than zero',
    });
    expect(await fails(sim, 'RunInstances', { ImageId: image, MinCount: 3, MaxCount: 2 })).toMatchObject({
      message: 'Maximum instance count must not be smaller than minimum instance count',
    });
    expect(await fails(sim, 'RunInstances', { ImageId: image, MinCount: 'x', MaxCount: 1 })).toMatchObject({
      code: 'ValidationError',
    });
    expect(
      await fails(sim, 'RunInstances', { ImageId: 'ami-0000dead', MinCount: 1, MaxCount: 1 }),
    ).toMatchObject({
      code: 'InvalidAMIID.NotFound',
    });
    expect(
      await fails(sim, 'RunInstances', { ImageId: image, MinCount: 1, MaxCount: 1, InstanceType: 'x1.huge' }),
    ).toMatchObject({ code: 'InvalidParameterValue' });
    expect(
      await fails(sim, 'RunInstances', { ImageId: image, MinCount: 1, MaxCount: 1, KeyName: 'nope' }),
    ).toMatchObject({ code: 'BadRequest', message: 'Invalid key_name provided.' });
    expect(
      await fails(sim, 'RunInstances', {
        ImageId: image,
        MinCount: 1,
        MaxCount: 1,
        'SecurityGroup.1': 'nope',
      }),
    ).toMatchObject({ code: 'InvalidGroup.NotFound' });
    expect((await ok(sim, 'DescribeInstances')).reservationSet).toBe('');
  });

  it('makes RunInstances idempotent with a ClientToken', async () => {
    const first = await run({ ClientToken: 'token-1', MaxCount: 2 });
    const again = await run({ ClientToken: 'token-1', MaxCount: 2 });
    expect(again.reservationId).toBe(first.reservationId);
    expect(again.instancesSet.map((i: Json) => i.instanceId)).toEqual(
      first.instancesSet.map((i: Json) => i.instanceId),
    );
    expect(again.instancesSet[0].clientToken).toBe('token-1');
    expect((await ok(sim, 'DescribeInstances')).reservationSet).toHaveLength(1);
    expect(
      await fails(sim, 'RunInstances', {
        ImageId: sim.imageIds[1] as string,
        MinCount: 1,
        MaxCount: 2,
        ClientToken: 'token-1',
      }),
    ).toMatchObject({ code: 'IdempotentParameterMismatch' });
    const filtered = await ok(sim, 'DescribeInstances', {
      'Filter.1.Name': 'client-token',
      'Filter.1.Value.1': 'token-1',
    });
    expect(filtered.reservationSet[0].instancesSet).toHaveLength(2);
  });

  it('stops, starts, reboots and terminates with the intermediate states', async () => {
    const id = (await run()).instancesSet[0].instanceId;
    expect(await fails(sim, 'StopInstances', { 'InstanceId.1': id })).toMatchObject({
      code: 'IncorrectInstanceState',
      message: `The instance '${id}' is not in a state from which the requested operation can be performed.`,
    });
    await eventually(async () => expect(await stateOf(id)).toBe('running'));

    expect(await ok(sim, 'StopInstances', { 'InstanceId.1': id })).toMatchObject({ return: 'true' });
    expect(await stateOf(id)).toBe('stopping');
    await eventually(async () => expect(await stateOf(id)).toBe('stopped'));
    expect((await instance(id)).instanceState.code).toBe('80');

    expect(await ok(sim, 'StartInstances', { 'InstanceId.1': id })).toMatchObject({ return: 'true' });
    expect(await stateOf(id)).toBe('pending');
    await eventually(async () => expect(await stateOf(id)).toBe('running'));
    expect(await ok(sim, 'RebootInstances', { 'InstanceId.1': id })).toMatchObject({ return: 'true' });
    expect(await stateOf(id)).toBe('running');

    const terminated = await ok(sim, 'TerminateInstances', { 'InstanceId.1': id });
    expect(terminated.instancesSet).toEqual([
      {
        instanceId: id,
        previousState: { code: '16', name: 'running' },
        currentState: { code: '32', name: 'shutting-down' },
      },
    ]);
    await eventually(async () => expect(await stateOf(id)).toBe('terminated'));
    const again = await ok(sim, 'TerminateInstances', { 'InstanceId.1': id });
    expect(again.instancesSet[0].currentState.name).toBe('terminated');
    expect(await fails(sim, 'StartInstances', { 'InstanceId.1': id })).toMatchObject({
      code: 'IncorrectInstanceState',
    });
    expect(await fails(sim, 'TerminateInstances', { 'InstanceId.1': 'i-0000beef' })).toMatchObject({
      code: 'InvalidInstanceID.NotFound',
      message: "The instance ID 'i-0000beef' does not exist",
    });
    expect(await fails(sim, 'TerminateInstances', { InstanceId: id })).toMatchObject({
      code: 'InvalidParameterValue',
    });
  });

  it('filters DescribeInstances by state, id, tag:Key and tag-key', async () => {
    const a = (await run()).instancesSet[0].instanceId;
    const b = (await run()).instancesSet[0].instanceId;
    await eventually(async () => expect(await stateOf(b)).toBe('running'));
    await ok(sim, 'StopInstances', { 'InstanceId.1': a });
    await eventually(async () => expect(await stateOf(a)).toBe('stopped'));
    await ok(sim, 'CreateTags', { 'ResourceId.1': b, 'Tag.1.Key': 'env', 'Tag.1.Value': 'prod' });

    const ids = async (params: Record<string, string>) =>
      (await ok(sim, 'DescribeInstances', params)).reservationSet === ''
        ? []
        : (await ok(sim, 'DescribeInstances', params)).reservationSet.flatMap((r: Json) =>
            r.instancesSet.map((i: Json) => i.instanceId),
          );
    expect(await ids({ 'Filter.1.Name': 'instance-state-name', 'Filter.1.Value.1': 'running' })).toEqual([b]);
    expect(
      await ids({
        'Filter.1.Name': 'instance-state-name',
        'Filter.1.Value.1': 'running',
        'Filter.1.Value.2': 'stopped',
      }),
    ).toEqual([b, a]);
    expect(await ids({ 'Filter.1.Name': 'instance-id', 'Filter.1.Value.1': a })).toEqual([a]);
    expect(await ids({ 'Filter.1.Name': 'tag:env', 'Filter.1.Value.1': 'pr*' })).toEqual([b]);
    expect(await ids({ 'Filter.1.Name': 'tag:env', 'Filter.1.Value.1': 'dev' })).toEqual([]);
    expect(await ids({ 'Filter.1.Name': 'tag-key', 'Filter.1.Value.1': 'env' })).toEqual([b]);
    expect(
      await ids({
        'Filter.1.Name': 'tag-key',
        'Filter.1.Value.1': 'env',
        'Filter.2.Name': 'instance-state-name',
        'Filter.2.Value.1': 'stopped',
      }),
    ).toEqual([]);
    const tagged = await instance(b);
    expect(tagged.tagSet).toEqual([{ key: 'env', value: 'prod' }]);
    expect(
      await fails(sim, 'DescribeInstances', { 'Filter.1.Name': 'colour', 'Filter.1.Value.1': 'x' }),
    ).toMatchObject({
      code: 'InvalidParameterValue',
    });
    expect(await fails(sim, 'DescribeInstances', { 'Filter.1.Name': 'instance-id' })).toMatchObject({
      code: 'InvalidFilter',
      message: 'The filter is invalid.',
    });
  });

  it('pages DescribeInstances as ec2-api does: sorted by id, offset tokens, MaxResults at least 5 and at most 1000', async () => {
    await using seeded = await startEc2Simulator({ seed: { instances: 1203 } });
    const seen: string[] = [];
    const tokens: string[] = [];
    let token: string | undefined;
    do {
      const answer = await ok(seeded, 'DescribeInstances', {
        MaxResults: 500,
        ...(token ? { NextToken: token } : {}),
      });
      // Each page is the next slice of the instances sorted by id (grouped into reservations).
      const ids: string[] = answer.reservationSet.flatMap((r: Json) =>
        r.instancesSet.map((i: Json) => i.instanceId),
      );
      seen.push(...ids.sort());
      token = answer.nextToken;
      if (token) tokens.push(token);
    } while (token);
    expect(tokens.map((t) => Buffer.from(t, 'base64').toString())).toEqual(['500', '1000']);
    expect(seen).toHaveLength(1203);
    expect(seen).toEqual([...seen].sort());
    const capped = await ok(seeded, 'DescribeInstances', { MaxResults: 5000 });
    expect(capped.reservationSet).toHaveLength(1000);
    expect(Buffer.from(capped.nextToken, 'base64').toString()).toBe('1000');
    const everything = await ok(seeded, 'DescribeInstances');
    expect(everything.nextToken).toBeUndefined();
    expect(everything.reservationSet).toHaveLength(1203);
    expect(await fails(seeded, 'DescribeInstances', { MaxResults: 3 })).toMatchObject({
      code: 'InvalidParameterValue',
      message: 'Value ( 3 ) for parameter maxResults is invalid. Expecting a value greater than 5.',
    });
    expect(
      await fails(seeded, 'DescribeInstances', { MaxResults: 10, 'InstanceId.1': seen[0] as string }),
    ).toMatchObject({
      code: 'InvalidParameterCombination',
      message: 'The parameter instancesSet cannot be used with the parameter maxResults',
    });
    expect(
      await fails(seeded, 'DescribeInstances', { MaxResults: 10, NextToken: 'bm90LWEtbnVtYmVy' }),
    ).toMatchObject({
      code: 'InvalidParameterValue',
    });
  });
});

describe('security groups', () => {
  it('answers a repeated DescribeInstances from what it rendered, until anything changes', async () => {
    const sim10 = await startEc2Simulator({ transitionMs: TRANSITION_MS, seed: { instances: 10 } });
    try {
      const page = { MaxResults: 5 };
      const first = await call(sim10, 'DescribeInstances', page);
      const again = await call(sim10, 'DescribeInstances', page);
      const withoutId = (text: string) => text.replace(/<requestId>[^<]*<\/requestId>/, '');
      expect(withoutId(again.text)).toBe(withoutId(first.text));
      expect(again.body.DescribeInstancesResponse.requestId).not.toBe(
        first.body.DescribeInstancesResponse.requestId,
      );
      // A write, even a failed one, and a timed transition each retire the kept answer.
      const id = first.body.DescribeInstancesResponse.reservationSet[0].instancesSet[0].instanceId;
      await ok(sim10, 'CreateTags', { 'ResourceId.1': id, 'Tag.1.Key': 'k', 'Tag.1.Value': 'v' });
      const tagged = await ok(sim10, 'DescribeInstances', page);
      expect(tagged.reservationSet[0].instancesSet[0].tagSet).toEqual([{ key: 'k', value: 'v' }]);
      await ok(sim10, 'StopInstances', { 'InstanceId.1': id });
      expect(
        (await ok(sim10, 'DescribeInstances', page)).reservationSet[0].instancesSet[0].instanceState.name,
      ).toBe('stopping');
      await eventually(async () => {
        const answer = await ok(sim10, 'DescribeInstances', page);
        expect(answer.reservationSet[0].instancesSet[0].instanceState.name).toBe('stopped');
      });
    } finally {
      await sim10.close();
    }
  });

  it('creates, describes, authorizes, revokes and deletes EC2-Classic groups', async () => {
    const created = await ok(sim, 'CreateSecurityGroup', {
      GroupName: 'web',
      GroupDescription: 'Web servers',
    });
    expect(created.return).toBe('true');
    const groupId = created.groupId;
    expect(groupId).toMatch(/^sg-[0-9a-f]{8}$/);
    expect(
      await fails(sim, 'CreateSecurityGroup', { GroupName: 'web', GroupDescription: 'again' }),
    ).toMatchObject({
      code: 'InvalidGroup.Duplicate',
      message: "Security group 'web' already exists.",
    });
    expect(
      await fails(sim, 'CreateSecurityGroup', { GroupName: 'default', GroupDescription: 'x' }),
    ).toMatchObject({
      code: 'InvalidGroup.Reserved',
    });
    expect(await fails(sim, 'CreateSecurityGroup', { GroupName: 'x' })).toMatchObject({
      code: 'MissingParameter',
      message: "The required parameter 'group_description' is missing",
    });

    await ok(sim, 'AuthorizeSecurityGroupIngress', {
      GroupId: groupId,
      'IpPermissions.1.IpProtocol': 'tcp',
      'IpPermissions.1.FromPort': 22,
      'IpPermissions.1.ToPort': 22,
      'IpPermissions.1.IpRanges.1.CidrIp': '10.0.0.0/8',
    });
    // The older top-level form, as boto3's documentation shows it.
    await ok(sim, 'AuthorizeSecurityGroupIngress', {
      GroupName: 'web',
      IpProtocol: 'tcp',
      FromPort: 80,
      ToPort: 80,
      CidrIp: '0.0.0.0/0',
    });
    expect(
      await fails(sim, 'AuthorizeSecurityGroupIngress', {
        GroupId: groupId,
        'IpPermissions.1.IpProtocol': 'tcp',
        'IpPermissions.1.FromPort': 22,
        'IpPermissions.1.ToPort': 22,
        'IpPermissions.1.IpRanges.1.CidrIp': '10.0.0.0/8',
      }),
    ).toMatchObject({ code: 'InvalidPermission.Duplicate' });
    expect(
      await fails(sim, 'AuthorizeSecurityGroupIngress', {
        GroupId: groupId,
        'IpPermissions.1.IpProtocol': 'tcp',
        'IpPermissions.1.IpRanges.1.CidrIp': '10.0.0.0/8',
      }),
    ).toMatchObject({
      code: 'InvalidParameterValue',
      message: 'Must specify both from and to ports with TCP/UDP.',
    });

    const described = await ok(sim, 'DescribeSecurityGroups', { 'GroupName.1': 'web' });
    expect(described.securityGroupInfo).toEqual([
      {
        groupId,
        ownerId: DEFAULT_EC2_PROJECT_ID,
        groupName: 'web',
        groupDescription: 'Web servers',
        ipPermissions: [
          { ipProtocol: 'tcp', fromPort: '22', toPort: '22', ipRanges: [{ cidrIp: '10.0.0.0/8' }] },
          { ipProtocol: 'tcp', fromPort: '80', toPort: '80', ipRanges: [{ cidrIp: '0.0.0.0/0' }] },
        ],
        ipPermissionsEgress: [{ ipProtocol: '-1', fromPort: '1', toPort: '65535' }],
      },
    ]);
    expect(
      await fails(sim, 'AuthorizeSecurityGroupEgress', {
        GroupId: groupId,
        'IpPermissions.1.IpProtocol': '-1',
        'IpPermissions.1.IpRanges.1.CidrIp': '10.0.0.0/8',
      }),
    ).toMatchObject({
      code: 'InvalidParameterValue',
      message: 'Only Amazon VPC security groups may be used with this operation.',
    });

    await ok(sim, 'RevokeSecurityGroupIngress', {
      GroupId: groupId,
      'IpPermissions.1.IpProtocol': 'tcp',
      'IpPermissions.1.FromPort': 80,
      'IpPermissions.1.ToPort': 80,
      'IpPermissions.1.IpRanges.1.CidrIp': '0.0.0.0/0',
    });
    const after = await ok(sim, 'DescribeSecurityGroups', { 'GroupId.1': groupId });
    expect(after.securityGroupInfo[0].ipPermissions).toHaveLength(1);

    const running = await run({ 'SecurityGroup.1': 'web' });
    expect(running.groupSet).toEqual([{ groupName: 'web', groupId }]);
    expect(await fails(sim, 'DeleteSecurityGroup', { GroupId: groupId })).toMatchObject({
      code: 'DependencyViolation',
    });
    await ok(sim, 'TerminateInstances', { 'InstanceId.1': running.instancesSet[0].instanceId });
    await eventually(async () =>
      expect(await ok(sim, 'DeleteSecurityGroup', { GroupName: 'web' })).toMatchObject({ return: 'true' }),
    );
    expect(await fails(sim, 'DescribeSecurityGroups', { 'GroupId.1': groupId })).toMatchObject({
      code: 'InvalidGroup.NotFound',
      message: `The security group ID '${groupId}' does not exist`,
    });
  });

  it('lists the seeded default groups, and takes egress rules in the VPC', async () => {
    const all = await ok(sim, 'DescribeSecurityGroups');
    expect(all.securityGroupInfo.map((g: Json) => [g.groupName, g.vpcId])).toEqual([
      ['default', undefined],
      ['default', sim.vpcId],
    ]);
    expect(all.securityGroupInfo[0].ipPermissions[0].groups[0]).toEqual({
      groupId: all.securityGroupInfo[0].groupId,
      groupName: 'default',
      userId: DEFAULT_EC2_PROJECT_ID,
    });
    const { groupId } = await ok(sim, 'CreateSecurityGroup', {
      GroupName: 'db',
      GroupDescription: 'Databases',
      VpcId: sim.vpcId,
    });
    const rule = {
      GroupId: groupId,
      'IpPermissions.1.IpProtocol': 'tcp',
      'IpPermissions.1.FromPort': 5432,
      'IpPermissions.1.ToPort': 5432,
      'IpPermissions.1.IpRanges.1.CidrIp': '10.1.0.0/16',
    };
    await ok(sim, 'AuthorizeSecurityGroupEgress', rule);
    const group = (await ok(sim, 'DescribeSecurityGroups', { 'GroupId.1': groupId })).securityGroupInfo[0];
    expect(group.vpcId).toBe(sim.vpcId);
    expect(group.ipPermissionsEgress).toHaveLength(2);
    await ok(sim, 'RevokeSecurityGroupEgress', rule);
    expect(await fails(sim, 'RevokeSecurityGroupEgress', rule)).toMatchObject({
      code: 'InvalidPermission.NotFound',
    });
    expect(
      await fails(sim, 'CreateSecurityGroup', {
        GroupName: 'x',
        GroupDescription: 'x',
        VpcId: 'vpc-0000dead',
      }),
    ).toMatchObject({ code: 'InvalidVpcID.NotFound' });
  });
});

describe('volumes', () => {
  it('creates, attaches, detaches and deletes volumes with their states', async () => {
    const id = (await run()).instancesSet[0].instanceId;
    const created = await ok(sim, 'CreateVolume', { Size: 2, AvailabilityZone: 'nova' });
    expect(created).toMatchObject({
      status: 'creating',
      size: '2',
      availabilityZone: 'nova',
      volumeType: 'standard',
      encrypted: 'false',
      attachmentSet: '',
      snapshotId: '',
    });
    const volumeId = created.volumeId;
    const volume = async () => (await ok(sim, 'DescribeVolumes', { 'VolumeId.1': volumeId })).volumeSet[0];
    await eventually(async () => expect((await volume()).status).toBe('available'));
    await eventually(async () => expect(await stateOf(id)).toBe('running'));

    const attached = await ok(sim, 'AttachVolume', {
      VolumeId: volumeId,
      InstanceId: id,
      Device: '/dev/vdb',
    });
    expect(attached).toMatchObject({
      device: '/dev/vdb',
      instanceId: id,
      status: 'attaching',
      volumeId,
      deleteOnTermination: 'false',
    });
    expect((await volume()).status).toBe('in-use');
    await eventually(async () => expect((await volume()).attachmentSet[0].status).toBe('attached'));
    expect((await instance(id)).blockDeviceMapping).toEqual([
      { deviceName: '/dev/vdb', ebs: { volumeId, status: 'attached', deleteOnTermination: 'false' } },
    ]);
    expect(await fails(sim, 'DeleteVolume', { VolumeId: volumeId })).toMatchObject({
      code: 'UnsupportedOperation',
    });
    const filtered = await ok(sim, 'DescribeVolumes', {
      'Filter.1.Name': 'attachment.instance-id',
      'Filter.1.Value.1': id,
    });
    expect(filtered.volumeSet).toHaveLength(1);

    expect(await ok(sim, 'DetachVolume', { VolumeId: volumeId })).toMatchObject({ status: 'detaching' });
    await eventually(async () => expect((await volume()).status).toBe('available'));
    expect(await fails(sim, 'DetachVolume', { VolumeId: volumeId })).toMatchObject({
      code: 'IncorrectState',
      message: `The resource is in incorrect state for the request - reason: 'Volume ${volumeId} is not attached to anything'`,
    });
    expect(await ok(sim, 'DeleteVolume', { VolumeId: volumeId })).toMatchObject({ return: 'true' });
    await eventually(async () =>
      expect(await fails(sim, 'DescribeVolumes', { 'VolumeId.1': volumeId })).toMatchObject({
        code: 'InvalidVolume.NotFound',
        message: `The volume '${volumeId}' does not exist.`,
      }),
    );
  });

  it('pages DescribeVolumes', async () => {
    for (let i = 0; i < 7; i += 1) await ok(sim, 'CreateVolume', { Size: 1 });
    const first = await ok(sim, 'DescribeVolumes', { MaxResults: 5 });
    expect(first.volumeSet).toHaveLength(5);
    const second = await ok(sim, 'DescribeVolumes', { MaxResults: 5, NextToken: first.nextToken });
    expect(second.volumeSet).toHaveLength(2);
    expect(second.nextToken).toBeUndefined();
    const ids = [...first.volumeSet, ...second.volumeSet].map((v: Json) => v.volumeId);
    expect(ids).toEqual([...ids].sort());
  });
});

describe('addresses', () => {
  it('allocates, associates, disassociates and releases EC2-Classic addresses', async () => {
    const id = (await run()).instancesSet[0].instanceId;
    const address = await ok(sim, 'AllocateAddress');
    expect(address).toMatchObject({ publicIp: '172.24.4.10', domain: 'standard' });
    expect(await ok(sim, 'AssociateAddress', { PublicIp: address.publicIp, InstanceId: id })).toMatchObject({
      return: 'true',
    });
    const described = await ok(sim, 'DescribeAddresses', { 'PublicIp.1': address.publicIp });
    expect(described.addressesSet).toEqual([
      {
        publicIp: '172.24.4.10',
        privateIpAddress: expect.stringMatching(/^10\./),
        instanceId: id,
        domain: 'standard',
      },
    ]);
    expect(await instance(id)).toMatchObject({ ipAddress: '172.24.4.10', dnsName: '172.24.4.10' });
    await ok(sim, 'DisassociateAddress', { PublicIp: address.publicIp });
    expect((await instance(id)).ipAddress).toBeUndefined();
    await ok(sim, 'ReleaseAddress', { PublicIp: address.publicIp });
    expect(await fails(sim, 'ReleaseAddress', { PublicIp: address.publicIp })).toMatchObject({
      code: 'AuthFailure',
      message: "The address '172.24.4.10' does not belong to you.",
    });
    expect(await fails(sim, 'AssociateAddress', { InstanceId: id })).toMatchObject({
      code: 'MissingParameter',
    });
  });

  it('allocates and releases VPC addresses by allocation id', async () => {
    const address = await ok(sim, 'AllocateAddress', { Domain: 'vpc' });
    expect(address).toMatchObject({
      domain: 'vpc',
      allocationId: expect.stringMatching(/^eipalloc-[0-9a-f]{8}$/),
    });
    expect(await fails(sim, 'ReleaseAddress', { PublicIp: address.publicIp })).toMatchObject({
      code: 'InvalidParameterValue',
    });
    const filtered = await ok(sim, 'DescribeAddresses', {
      'Filter.1.Name': 'domain',
      'Filter.1.Value.1': 'vpc',
    });
    expect(filtered.addressesSet).toHaveLength(1);
    await ok(sim, 'ReleaseAddress', { AllocationId: address.allocationId });
    expect(await fails(sim, 'DescribeAddresses', { 'AllocationId.1': address.allocationId })).toMatchObject({
      code: 'InvalidAllocationID.NotFound',
    });
  });
});

describe('tags', () => {
  it('creates, replaces, describes (with paging) and deletes tags', async () => {
    const id = (await run()).instancesSet[0].instanceId;
    const volumeId = (await ok(sim, 'CreateVolume', { Size: 1 })).volumeId;
    await ok(sim, 'CreateTags', {
      'ResourceId.1': id,
      'ResourceId.2': volumeId,
      'Tag.1.Key': 'env',
      'Tag.1.Value': 'dev',
      'Tag.2.Key': 'team',
      'Tag.2.Value': '',
    });
    await ok(sim, 'CreateTags', { 'ResourceId.1': id, 'Tag.1.Key': 'env', 'Tag.1.Value': 'prod' });
    const all = await ok(sim, 'DescribeTags');
    expect(all.tagSet).toEqual([
      { resourceType: 'instance', resourceId: id, key: 'env', value: 'prod' },
      { resourceType: 'instance', resourceId: id, key: 'team', value: '' },
      { resourceType: 'volume', resourceId: volumeId, key: 'env', value: 'dev' },
      { resourceType: 'volume', resourceId: volumeId, key: 'team', value: '' },
    ]);
    const volumes = await ok(sim, 'DescribeTags', {
      'Filter.1.Name': 'resource-type',
      'Filter.1.Value.1': 'volume',
    });
    expect(volumes.tagSet).toHaveLength(2);
    const page1 = await ok(sim, 'DescribeTags', { MaxResults: 5 });
    expect(page1.nextToken).toBeUndefined();

    await ok(sim, 'DeleteTags', { 'ResourceId.1': id, 'Tag.1.Key': 'env', 'Tag.1.Value': 'dev' });
    expect(
      (await ok(sim, 'DescribeTags', { 'Filter.1.Name': 'resource-id', 'Filter.1.Value.1': id })).tagSet,
    ).toHaveLength(2);
    await ok(sim, 'DeleteTags', { 'ResourceId.1': id, 'Tag.1.Key': 'env' });
    await ok(sim, 'DeleteTags', { 'ResourceId.1': volumeId });
    expect((await ok(sim, 'DescribeTags')).tagSet).toEqual([
      { resourceType: 'instance', resourceId: id, key: 'team', value: '' },
    ]);

    expect(
      await fails(sim, 'CreateTags', { 'ResourceId.1': 'i-0000beef', 'Tag.1.Key': 'a', 'Tag.1.Value': 'b' }),
    ).toMatchObject({
      code: 'InvalidInstanceID.NotFound',
    });
    expect(
      await fails(sim, 'CreateTags', { 'ResourceId.1': 'foo-0001', 'Tag.1.Key': 'a', 'Tag.1.Value': 'b' }),
    ).toMatchObject({
      code: 'InvalidID',
    });
    expect(
      await fails(sim, 'CreateTags', { 'ResourceId.1': id, 'Tag.1.Key': 'aws:x', 'Tag.1.Value': 'b' }),
    ).toMatchObject({
      code: 'InvalidParameterValue',
    });
    // Any image id takes a tag, as on AWS.
    await ok(sim, 'CreateTags', { 'ResourceId.1': 'ami-00001234', 'Tag.1.Key': 'a', 'Tag.1.Value': 'b' });
  });

  it('pages DescribeTags sorted by key', async () => {
    const id = (await run()).instancesSet[0].instanceId;
    const params: Record<string, string> = { 'ResourceId.1': id };
    for (let i = 0; i < 12; i += 1) {
      params[`Tag.${i + 1}.Key`] = `k${String(11 - i).padStart(2, '0')}`;
      params[`Tag.${i + 1}.Value`] = String(i);
    }
    await ok(sim, 'CreateTags', params);
    const first = await ok(sim, 'DescribeTags', { MaxResults: 5 });
    expect(first.tagSet.map((t: Json) => t.key)).toEqual(['k00', 'k01', 'k02', 'k03', 'k04']);
    expect(Buffer.from(first.nextToken, 'base64').toString()).toBe('5');
  });
});

describe('state and faults', () => {
  it('reset() goes back to the seed, with the same ids', async () => {
    const before = sim.imageIds;
    await run();
    await ok(sim, 'CreateKeyPair', { KeyName: 'gone-after-reset' });
    sim.reset();
    expect((await ok(sim, 'DescribeInstances')).reservationSet).toBe('');
    expect((await ok(sim, 'DescribeKeyPairs')).keySet).toBe('');
    expect((await ok(sim, 'DescribeImages')).imagesSet.map((i: Json) => i.imageId)).toEqual(before);
  });

  it('injects the kit’s faults', async () => {
    sim.faults.add({ kind: 'error', status: 503, times: 1 });
    expect((await call(sim, 'DescribeRegions')).status).toBe(503);
    expect((await call(sim, 'DescribeRegions')).status).toBe(200);
    expect(sim.requests.count('DescribeRegions')).toBe(2);
  });

  it('serves 10,000 seeded instances in pages of 1,000 quickly', async () => {
    await using big = await startEc2Simulator({ seed: { instances: 10_000 } });
    const started = performance.now();
    let token: string | undefined;
    let count = 0;
    do {
      const answer = await ok(big, 'DescribeInstances', {
        MaxResults: 1000,
        ...(token ? { NextToken: token } : {}),
      });
      count += answer.reservationSet.length;
      token = answer.nextToken;
    } while (token);
    expect(count).toBe(10_000);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
