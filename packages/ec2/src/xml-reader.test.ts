import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DecodeError } from '@overcast/runtime/errors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPERATIONS, PROTOCOL } from './generated/operations.js';
import type {
  DescribeInstancesResult,
  DescribeRegionsResult,
  Instance,
  KeyPair,
  Reservation,
} from './generated/types.js';
import { describeInstancesAnswer, instanceItem, manyInstances } from './test-support/ec2-api-answers.js';
import { randomOutput, renderResponse } from './test-support/random-values.js';
import { readErrorResponse } from './xml-errors.js';
import { readResponse } from './xml-reader.js';

/** A DescribeInstances answer as ec2-api renders it: two reservations, one with two instances. */
const DESCRIBE_INSTANCES = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2014-10-01/">
  <requestId>req-3f1c0a5e-8d2b-4f6a-9e7c-1b2d3e4f5a6b</requestId>
  <reservationSet>
    <item>
      <reservationId>r-a1b2c3d4</reservationId>
      <ownerId>6f8e0b6c0a2d4f1e9c3b5a7d8e9f0a1b</ownerId>
      <groupSet>
        <item><groupId>sg-0a1b2c3d</groupId><groupName>default</groupName></item>
      </groupSet>
      <instancesSet>
        <item>
          <instanceId>i-00000001</instanceId>
          <imageId>ami-00000002</imageId>
          <instanceState><code>16</code><name>running</name></instanceState>
          <privateDnsName>web-1</privateDnsName>
          <dnsName>172.24.4.10</dnsName>
          <reason/>
          <keyName>mykey</keyName>
          <amiLaunchIndex>0</amiLaunchIndex>
          <productCodesSet/>
          <instanceType>m1.tiny</instanceType>
          <launchTime>2024-03-01T10:20:30.123Z</launchTime>
          <placement><availabilityZone>nova</availabilityZone></placement>
          <monitoring><state>disabled</state></monitoring>
          <privateIpAddress>10.0.0.3</privateIpAddress>
          <ipAddress>172.24.4.10</ipAddress>
          <sourceDestCheck>true</sourceDestCheck>
          <groupSet>
            <item><groupId>sg-0a1b2c3d</groupId><groupName>default</groupName></item>
            <item><groupId>sg-9f8e7d6c</groupId><groupName>web &amp; api</groupName></item>
          </groupSet>
          <architecture>x86_64</architecture>
          <rootDeviceType>ebs</rootDeviceType>
          <rootDeviceName>/dev/vda</rootDeviceName>
          <blockDeviceMapping>
            <item>
              <deviceName>/dev/vda</deviceName>
              <ebs>
                <volumeId>vol-00000003</volumeId>
                <status>attached</status>
                <attachTime>2024-03-01T10:20:35.000Z</attachTime>
                <deleteOnTermination>true</deleteOnTermination>
              </ebs>
            </item>
          </blockDeviceMapping>
          <virtualizationType>hvm</virtualizationType>
          <clientToken/>
          <tagSet>
            <item><key>Name</key><value>web-1</value></item>
            <item><key>env</key><value>prod</value></item>
          </tagSet>
          <hypervisor>xen</hypervisor>
          <ebsOptimized>false</ebsOptimized>
          <networkInterfaceSet/>
          <futureField><nested>ignored</nested></futureField>
        </item>
        <item>
          <instanceId>i-00000002</instanceId>
          <instanceState><code>0</code><name>pending</name></instanceState>
          <amiLaunchIndex>1</amiLaunchIndex>
        </item>
      </instancesSet>
    </item>
    <item>
      <reservationId>r-e5f6a7b8</reservationId>
      <ownerId>6f8e0b6c0a2d4f1e9c3b5a7d8e9f0a1b</ownerId>
      <groupSet/>
      <instancesSet>
        <item>
          <instanceId>i-00000003</instanceId>
          <instanceState><code>80</code><name>stopped</name></instanceState>
          <stateReason><code>Client.UserInitiatedShutdown</code><message>User initiated shutdown</message></stateReason>
        </item>
      </instancesSet>
    </item>
  </reservationSet>
</DescribeInstancesResponse>`;

describe('readResponse on EC2 answers', () => {
  it('reads a DescribeInstances answer into typed reservations and instances', () => {
    const { output, requestId } = readResponse<DescribeInstancesResult>(
      PROTOCOL,
      'DescribeInstances',
      DESCRIBE_INSTANCES,
    );
    expect(requestId).toBe('req-3f1c0a5e-8d2b-4f6a-9e7c-1b2d3e4f5a6b');
    expect(output.NextToken).toBeUndefined();
    const [first, second] = output.Reservations as Reservation[];
    expect(first?.ReservationId).toBe('r-a1b2c3d4');
    expect(first?.Groups).toEqual([{ GroupId: 'sg-0a1b2c3d', GroupName: 'default' }]);
    const instance = first?.Instances?.[0] as Instance;
    expect(instance).toEqual({
      InstanceId: 'i-00000001',
      ImageId: 'ami-00000002',
      State: { Code: 16, Name: 'running' },
      PrivateDnsName: 'web-1',
      PublicDnsName: '172.24.4.10',
      StateTransitionReason: '',
      KeyName: 'mykey',
      AmiLaunchIndex: 0,
      // ec2-api writes <productCodesSet/>; the model reads <productCodes>: skipped, as botocore does.
      InstanceType: 'm1.tiny',
      LaunchTime: new Date('2024-03-01T10:20:30.123Z'),
      Placement: { AvailabilityZone: 'nova' },
      Monitoring: { State: 'disabled' },
      PrivateIpAddress: '10.0.0.3',
      PublicIpAddress: '172.24.4.10',
      SourceDestCheck: true,
      SecurityGroups: [
        { GroupId: 'sg-0a1b2c3d', GroupName: 'default' },
        { GroupId: 'sg-9f8e7d6c', GroupName: 'web & api' },
      ],
      Architecture: 'x86_64',
      RootDeviceType: 'ebs',
      RootDeviceName: '/dev/vda',
      BlockDeviceMappings: [
        {
          DeviceName: '/dev/vda',
          Ebs: {
            VolumeId: 'vol-00000003',
            Status: 'attached',
            AttachTime: new Date('2024-03-01T10:20:35.000Z'),
            DeleteOnTermination: true,
          },
        },
      ],
      VirtualizationType: 'hvm',
      ClientToken: '',
      Tags: [
        { Key: 'Name', Value: 'web-1' },
        { Key: 'env', Value: 'prod' },
      ],
      Hypervisor: 'xen',
      EbsOptimized: false,
      NetworkInterfaces: [],
    });
    expect(first?.Instances?.[1]).toEqual({
      InstanceId: 'i-00000002',
      State: { Code: 0, Name: 'pending' },
      AmiLaunchIndex: 1,
    });
    expect(second?.Groups).toEqual([]);
    expect(second?.Instances?.[0]?.StateReason).toEqual({
      Code: 'Client.UserInitiatedShutdown',
      Message: 'User initiated shutdown',
    });
  });

  it('reads RunInstances, whose answer is the reservation itself', () => {
    const xml =
      '<RunInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2014-10-01/"><requestId>req-1</requestId>' +
      '<reservationId>r-1</reservationId><ownerId>o</ownerId><groupSet/>' +
      `<instancesSet>${instanceItem({ instanceId: 'i-1', reservationId: 'r-1', name: 'a', state: 'pending', privateIp: '10.0.0.9' })}</instancesSet>` +
      '</RunInstancesResponse>';
    const { output } = readResponse<Reservation>(PROTOCOL, 'RunInstances', xml);
    expect(output.ReservationId).toBe('r-1');
    expect(output.Instances?.[0]).toMatchObject({ InstanceId: 'i-1', State: { Code: 0, Name: 'pending' } });
  });

  it('reads answers without data (`<return>true</return>`) as an empty output', () => {
    const xml =
      '<?xml version="1.0"?>\n<DeleteKeyPairResponse xmlns="http://ec2.amazonaws.com/doc/2014-10-01/">' +
      '<requestId>req-9</requestId><return>true</return></DeleteKeyPairResponse>';
    expect(readResponse(PROTOCOL, 'DeleteKeyPair', xml)).toEqual({
      output: {},
      requestId: 'req-9',
      root: 'DeleteKeyPairResponse',
    });
  });

  it('reads CreateKeyPair and DescribeRegions', () => {
    const key = readResponse<KeyPair>(
      PROTOCOL,
      'CreateKeyPair',
      '<CreateKeyPairResponse><requestId>r</requestId><keyName>k</keyName>' +
        '<keyFingerprint>1f:51:ae</keyFingerprint><keyMaterial>-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----</keyMaterial>' +
        '</CreateKeyPairResponse>',
    ).output;
    expect(key).toEqual({
      KeyName: 'k',
      KeyFingerprint: '1f:51:ae',
      KeyMaterial: '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----',
    });
    const regions = readResponse<DescribeRegionsResult>(
      PROTOCOL,
      'DescribeRegions',
      '<DescribeRegionsResponse><requestId>r</requestId><regionInfo>' +
        '<item><regionName>RegionOne</regionName><regionEndpoint>http://api-node:8788/services/Cloud</regionEndpoint></item>' +
        '</regionInfo></DescribeRegionsResponse>',
    ).output;
    expect(regions.Regions).toEqual([
      { RegionName: 'RegionOne', Endpoint: 'http://api-node:8788/services/Cloud' },
    ]);
  });

  it('reads prefixed element names, CDATA and character references', () => {
    const xml =
      '<ec2:CreateKeyPairResponse xmlns:ec2="http://ec2.amazonaws.com/doc/2014-10-01/"><ec2:requestId>r</ec2:requestId>' +
      '<ec2:keyName><![CDATA[a<b]]> &#x2713;</ec2:keyName></ec2:CreateKeyPairResponse>';
    expect(readResponse(PROTOCOL, 'CreateKeyPair', xml)).toEqual({
      output: { KeyName: 'a<b ✓' },
      requestId: 'r',
      root: 'CreateKeyPairResponse',
    });
  });

  it('reads a thousand instances of a page, with the next token', () => {
    const body = describeInstancesAnswer(manyInstances(1000), 'MTAwMA==');
    const { output } = readResponse<DescribeInstancesResult>(
      PROTOCOL,
      'DescribeInstances',
      new TextEncoder().encode(body),
    );
    expect(output.Reservations).toHaveLength(1000);
    expect(output.NextToken).toBe('MTAwMA==');
    expect(output.Reservations?.[999]?.Instances?.[0]?.InstanceId).toBe('i-000003e8');
  });

  it.each([
    [
      'an integer that is not one',
      'DescribeInstances',
      '<DescribeInstancesResponse><reservationSet><item><instancesSet><item><amiLaunchIndex>one</amiLaunchIndex></item></instancesSet></item></reservationSet></DescribeInstancesResponse>',
      /<amiLaunchIndex> at DescribeInstancesResponse\/reservationSet\/item\/instancesSet\/item\/amiLaunchIndex should hold an integer, not "one"/,
    ],
    [
      'a date that is not one',
      'DescribeInstances',
      '<R><reservationSet><item><instancesSet><item><launchTime>soon</launchTime></item></instancesSet></item></reservationSet></R>',
      /<launchTime> .* should hold a timestamp, not "soon"/,
    ],
    ['truncated XML', 'DescribeRegions', '<DescribeRegionsResponse><regionInfo><item>', /Malformed XML/],
    ['a DTD', 'DescribeRegions', '<!DOCTYPE x [<!ENTITY a "b">]><DescribeRegionsResponse/>', /DOCTYPE/],
    ['an HTML page', 'DescribeRegions', '<html><body><p>Bad gateway<br></body></html>', /Malformed XML/],
    ['an empty body', 'DescribeRegions', '', /no root element/],
  ])('refuses %s with a DecodeError', (_what, operation, xml, message) => {
    const run = () => readResponse(PROTOCOL, operation, xml);
    expect(run).toThrow(DecodeError);
    expect(run).toThrow(message);
  });

  it('refuses bytes that are not UTF-8 and bodies over the limit', () => {
    expect(() =>
      readResponse(PROTOCOL, 'DescribeRegions', new Uint8Array([0x3c, 0x61, 0xff, 0x2f, 0x3e])),
    ).toThrow(/not valid UTF-8/);
    expect(() => readResponse(PROTOCOL, 'DescribeRegions', DESCRIBE_INSTANCES, { maxBytes: 1000 })).toThrow(
      /exceeds the limit of 1000 bytes/,
    );
  });

  it('leaves an empty number, boolean or date unset, and keeps an empty string', () => {
    const xml =
      '<DescribeInstancesResponse><reservationSet><item><instancesSet><item>' +
      '<amiLaunchIndex/><ebsOptimized> </ebsOptimized><launchTime></launchTime><keyName/>' +
      '</item></instancesSet></item></reservationSet></DescribeInstancesResponse>';
    const { output } = readResponse<DescribeInstancesResult>(PROTOCOL, 'DescribeInstances', xml);
    expect(output.Reservations?.[0]?.Instances?.[0]).toEqual({ KeyName: '' });
  });

  it('never throws anything but a DecodeError on mutated answers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: DESCRIBE_INSTANCES.length - 1 }),
        fc.string({ maxLength: 3 }),
        (at, insert) => {
          const mutated = DESCRIBE_INSTANCES.slice(0, at) + insert + DESCRIBE_INSTANCES.slice(at + 1);
          try {
            readResponse(PROTOCOL, 'DescribeInstances', mutated);
          } catch (error) {
            expect(error).toBeInstanceOf(DecodeError);
          }
        },
      ),
      { numRuns: 300, seed: 14 },
    );
  });
});

describe('readErrorResponse', () => {
  it('reads an ec2-api error answer', () => {
    expect(
      readErrorResponse(
        '<?xml version="1.0"?>\n<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code>' +
          "<Message>The instance ID 'i-1a2b3c4d' does not exist</Message></Error></Errors>" +
          '<RequestID>req-b6a1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d</RequestID></Response>',
      ),
    ).toEqual({
      code: 'InvalidInstanceID.NotFound',
      message: "The instance ID 'i-1a2b3c4d' does not exist",
      requestId: 'req-b6a1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d',
      errors: [
        { code: 'InvalidInstanceID.NotFound', message: "The instance ID 'i-1a2b3c4d' does not exist" },
      ],
    });
  });

  it('keeps every error, the first as the main one, and reads the AWS Query form too', () => {
    const two = readErrorResponse(
      '<Response><Errors><Error><Code>A</Code><Message>a</Message></Error><Error><Code>B</Code></Error></Errors></Response>',
    );
    expect(two).toEqual({
      code: 'A',
      message: 'a',
      requestId: undefined,
      errors: [
        { code: 'A', message: 'a' },
        { code: 'B', message: '' },
      ],
    });
    expect(
      readErrorResponse(
        '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>q</RequestId></ErrorResponse>',
      ),
    ).toMatchObject({ code: 'Throttling', message: 'Rate exceeded', requestId: 'q' });
  });

  it.each([
    ['an HTML page', '<html><head><title>502 Bad Gateway</title></head><body></body></html>'],
    ['text', 'Internal Server Error'],
    ['truncated XML', '<Response><Errors><Error><Code>X</Code>'],
    ['an error without a code', '<Response><Errors><Error><Message>m</Message></Error></Errors></Response>'],
    ['an empty body', ''],
  ])('returns undefined for %s', (_what, body) => {
    expect(readErrorResponse(body)).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Against botocore's EC2QueryParser on the same model (Debian's python3-botocore)

const PYTHON = '/usr/bin/python3';
const MODEL = fileURLToPath(
  new URL('../../../../shared/schemas/ec2/2014-10-01/service-2.json', import.meta.url),
);
const SCRIPT = `
import base64, datetime, json, sys
from botocore.model import ServiceModel
from botocore.parsers import create_parser
request = json.load(sys.stdin)
model = ServiceModel(json.load(open(request["model"])), "ec2")
parser = create_parser("ec2")
def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        return {"$date": value.timestamp() * 1000}
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode()}
    return value
out = []
for case in request["cases"]:
    op = model.operation_model(case["operation"])
    parsed = parser.parse({"body": case["body"].encode("utf-8"), "headers": {}, "status_code": 200}, op.output_shape)
    out.append(plain(parsed))
print(json.dumps(out))
`;

/** Our output in the same plain form: dates and bytes tagged. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.getTime() };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

describe('against botocore’s EC2QueryParser', () => {
  it('reads the same values from random answers of every operation with an output', () => {
    const cases = Object.entries(OPERATIONS).flatMap(([operation, op]) =>
      op.output === undefined
        ? []
        : fc
            .sample(randomOutput(PROTOCOL, op.output), { numRuns: 3, seed: 2014 + operation.length })
            .map((output, i) => ({
              operation,
              output,
              body: renderResponse(PROTOCOL, operation, output, `req-${operation}-${i}`),
            })),
    );
    expect(cases.length).toBe(300);
    const theirs = JSON.parse(
      execFileSync(PYTHON, ['-c', SCRIPT], {
        input: JSON.stringify({
          model: MODEL,
          cases: cases.map(({ operation, body }) => ({ operation, body })),
        }),
        env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', PYTHONIOENCODING: 'utf-8' },
        maxBuffer: 256 * 1024 * 1024,
      }).toString('utf8'),
    ) as Array<Record<string, unknown> & { ResponseMetadata?: { RequestId?: string } }>;
    cases.forEach((c, i) => {
      const { ResponseMetadata, ...expected } = theirs[i] as (typeof theirs)[number];
      const ours = readResponse(PROTOCOL, c.operation, c.body);
      expect({ operation: c.operation, output: plain(ours.output) }).toEqual({
        operation: c.operation,
        output: expected,
      });
      expect(plain(ours.output)).toEqual(plain(c.output));
      expect(ours.requestId).toBe(ResponseMetadata?.RequestId);
    });
  });
});
