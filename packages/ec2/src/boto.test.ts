import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotFoundError, ParameterError } from '@overcast/runtime/errors';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectEc2, connectToRegion, type EC2Connection, Instance } from './boto.js';
import { EC2 } from './client.js';
import { Ec2Error } from './errors.js';
import { answerXml, errorXml, reply, startTestServer, type TestServer } from './test-support/ec2-server.js';

const KEYS = { accessKeyId: 'AKBOTO', secretAccessKey: 'boto-layer-secret-key-1' };
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';

let server: TestServer;
let conn: EC2Connection;
let dir: string;
/** The state the fake cloud answers for i-1. */
let state = 'pending';

const instanceItem = (id: string, name: string) =>
  `<item><instanceId>${id}</instanceId><imageId>ami-1</imageId><instanceState><code>16</code><name>${name}</name></instanceState>` +
  '<privateDnsName>vm-1</privateDnsName><dnsName/><keyName>mykey</keyName><instanceType>m1.tiny</instanceType>' +
  '<launchTime>2024-03-01T10:20:30.000Z</launchTime><placement><availabilityZone>nova</availabilityZone></placement>' +
  '<privateIpAddress>10.0.0.3</privateIpAddress><ipAddress>172.24.4.3</ipAddress>' +
  '<tagSet><item><key>Name</key><value>web</value></item></tagSet></item>';
const change = (id: string, from: string, to: string) =>
  `<item><instanceId>${id}</instanceId><currentState><code>0</code><name>${to}</name></currentState>` +
  `<previousState><code>16</code><name>${from}</name></previousState></item>`;

beforeAll(async () => {
  server = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'ec2-boto-'));
  server.handle((request, res) => {
    const action = request.params.get('Action');
    switch (action) {
      case 'DescribeRegions':
        return reply(
          res,
          200,
          answerXml(
            action,
            '<regionInfo><item><regionName>nova</regionName><regionEndpoint>http://api:8788/</regionEndpoint></item></regionInfo>',
          ),
        );
      case 'DescribeImages':
        return reply(
          res,
          200,
          answerXml(
            action,
            '<imagesSet><item><imageId>ami-1</imageId><name>cirros</name><imageState>available</imageState>' +
              '<isPublic>true</isPublic><imageOwnerId>p1</imageOwnerId><architecture>x86_64</architecture></item></imagesSet>',
          ),
        );
      case 'CreateKeyPair':
        return reply(
          res,
          200,
          answerXml(
            action,
            `<keyName>${request.params.get('KeyName')}</keyName><keyFingerprint>1f:51</keyFingerprint><keyMaterial>${PEM}</keyMaterial>`,
          ),
        );
      case 'DescribeKeyPairs':
        return reply(
          res,
          200,
          answerXml(
            action,
            '<keySet><item><keyName>mykey</keyName><keyFingerprint>1f:51</keyFingerprint></item></keySet>',
          ),
        );
      case 'RunInstances':
        state = 'pending';
        return reply(
          res,
          200,
          answerXml(
            action,
            `<reservationId>r-1</reservationId><ownerId>p1</ownerId><groupSet/><instancesSet>${instanceItem('i-1', 'pending')}</instancesSet>`,
          ),
        );
      case 'DescribeInstances': {
        if (request.params.get('InstanceId.1') === 'i-gone') {
          return reply(
            res,
            400,
            errorXml('InvalidInstanceID.NotFound', "The instance ID 'i-gone' does not exist"),
          );
        }
        const token = request.params.get('NextToken');
        const reservation = (id: string, name: string) =>
          `<item><reservationId>r-${id}</reservationId><instancesSet>${instanceItem(id, name)}</instancesSet></item>`;
        if (request.params.has('InstanceId.1')) {
          return reply(
            res,
            200,
            answerXml(action, `<reservationSet>${reservation('i-1', state)}</reservationSet>`),
          );
        }
        return reply(
          res,
          200,
          answerXml(
            action,
            token === undefined
              ? `<reservationSet>${reservation('i-1', state)}</reservationSet><nextToken>MQ==</nextToken>`
              : `<reservationSet>${reservation('i-2', 'stopped')}</reservationSet>`,
          ),
        );
      }
      case 'StopInstances':
        state = 'stopping';
        return reply(
          res,
          200,
          answerXml(action, `<instancesSet>${change('i-1', 'running', 'stopping')}</instancesSet>`),
        );
      case 'TerminateInstances':
        state = 'terminated';
        return reply(
          res,
          200,
          answerXml(action, `<instancesSet>${change('i-1', 'stopped', 'shutting-down')}</instancesSet>`),
        );
      case 'CreateTags':
        return reply(res, 200, answerXml(action, '<return>true</return>'));
      default:
        return reply(res, 400, errorXml('InvalidAction', `no ${action}`));
    }
  });
  conn = connectEc2({ endpoint: `${server.origin}/services/Cloud`, ...KEYS, env: {} });
});
afterAll(async () => {
  await conn.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  server.requests.length = 0;
});

describe('the boto-style layer', () => {
  it('connects as connect_ec2 and connect_to_region do, or over a client', () => {
    expect(conn.client).toBeInstanceOf(EC2);
    expect(conn.client.endpoint).toBe(`${server.origin}/services/Cloud`);
    const other = connectToRegion('RegionOne', { endpoint: server.origin, ...KEYS, env: {} });
    expect(other.client.region).toBe('RegionOne');
    const client = new EC2({ endpoint: server.origin, ...KEYS, env: {} });
    expect(new (conn.constructor as new (c: EC2) => EC2Connection)(client).client).toBe(client);
  });

  it('lists regions, images and key pairs, with boto’s filters', async () => {
    const [region] = await conn.getAllRegions();
    expect([region?.name, region?.endpoint]).toEqual(['nova', 'http://api:8788/']);
    const images = await conn.getAllImages({
      owners: ['self'],
      filters: { architecture: 'x86_64', 'tag:a': ['1', '2'] },
    });
    expect(images.map((image) => [image.id, image.name, image.state, image.isPublic, image.ownerId])).toEqual(
      [['ami-1', 'cirros', 'available', true, 'p1']],
    );
    expect([...(server.requests[1]?.params ?? [])].slice(2)).toEqual([
      ['Owner.1', 'self'],
      ['Filter.1.Name', 'architecture'],
      ['Filter.1.Value.1', 'x86_64'],
      ['Filter.2.Name', 'tag:a'],
      ['Filter.2.Value.1', '1'],
      ['Filter.2.Value.2', '2'],
    ]);
    const keys = await conn.getAllKeyPairs();
    expect(keys.map((key) => [key.name, key.fingerprint, key.material])).toEqual([
      ['mykey', '1f:51', undefined],
    ]);
    expect((await conn.getKeyPair('mykey'))?.name).toBe('mykey');
  });

  it('creates a key pair and saves its private key, readable by its owner only, never overwriting', async () => {
    const key = await conn.createKeyPair('demo');
    expect(key.material).toBe(PEM);
    const path = await key.save(dir);
    expect(path).toBe(join(dir, 'demo.pem'));
    expect(readFileSync(path, 'utf8')).toBe(PEM);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await expect(key.save(dir)).rejects.toThrow(/already exists, it will not be overwritten/);
    const [listed] = await conn.getAllKeyPairs();
    await expect(listed?.save(dir)).rejects.toBeInstanceOf(ParameterError);
  });

  it('runs an image: a reservation with its instances, as the tutorial', async () => {
    const [image] = await conn.getAllImages();
    const reservation = await image!.run({
      keyName: 'mykey',
      instanceType: 'm1.tiny',
      securityGroups: ['default'],
      userData: '#cloud-config\n',
      placement: 'nova',
    });
    expect(reservation.id).toBe('r-1');
    const [instance] = reservation.instances;
    expect(instance).toBeInstanceOf(Instance);
    expect({
      id: instance?.id,
      state: instance?.state,
      instanceType: instance?.instanceType,
      keyName: instance?.keyName,
      placement: instance?.placement,
      privateIpAddress: instance?.privateIpAddress,
      ipAddress: instance?.ipAddress,
      launchTime: instance?.launchTime?.toISOString(),
      tags: instance?.tags,
    }).toEqual({
      id: 'i-1',
      state: 'pending',
      instanceType: 'm1.tiny',
      keyName: 'mykey',
      placement: 'nova',
      privateIpAddress: '10.0.0.3',
      ipAddress: '172.24.4.3',
      launchTime: '2024-03-01T10:20:30.000Z',
      tags: { Name: 'web' },
    });
    const run = server.requests.find((r) => r.params.get('Action') === 'RunInstances');
    expect(Object.fromEntries(run?.params ?? [])).toMatchObject({
      ImageId: 'ami-1',
      MinCount: '1',
      MaxCount: '1',
      KeyName: 'mykey',
      InstanceType: 'm1.tiny',
      'SecurityGroup.1': 'default',
      UserData: Buffer.from('#cloud-config\n').toString('base64'),
      'Placement.AvailabilityZone': 'nova',
    });

    state = 'running';
    expect(await instance?.update()).toBe('running');
    expect(await instance?.stop()).toBe('stopping');
    expect(await instance?.terminate()).toBe('shutting-down');
    await instance?.addTag('env', 'test');
    expect(instance?.tags).toEqual({ Name: 'web', env: 'test' });
  });

  it('lists every reservation across pages, and the instances alone', async () => {
    const reservations = await conn.getAllReservations();
    expect(reservations.map((r) => r.instances.map((i) => i.id))).toEqual([['i-1'], ['i-2']]);
    expect((await conn.getOnlyInstances()).map((i) => i.state)).toHaveLength(2);
    expect(server.requests.map((r) => r.params.get('NextToken'))).toEqual([
      undefined,
      'MQ==',
      undefined,
      'MQ==',
    ]);
  });

  it('reports an instance the cloud forgot as a NotFoundError and an Ec2Error', async () => {
    const gone = new Instance(conn, { InstanceId: 'i-gone' });
    const error = await gone.update().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toBeInstanceOf(Ec2Error);
  });
});
