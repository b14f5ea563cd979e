import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ParameterError } from '@overcast/runtime/errors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPERATIONS, PROTOCOL } from './generated/operations.js';
import type { OperationName, RunInstancesRequest } from './generated/types.js';
import { encodeQueryParams, queryParams, serializeQuery } from './query.js';
import { randomInput } from './test-support/random-values.js';

const decode = (body: string) => [...new URLSearchParams(body).entries()];

describe('serializeQuery on the EC2 model', () => {
  it('writes a RunInstances request as boto3 sends it', () => {
    const input: RunInstancesRequest = {
      ImageId: 'ami-00000001',
      MinCount: 1,
      MaxCount: 1,
      KeyName: 'mykey',
      InstanceType: 'm1.tiny',
      SecurityGroups: ['default', 'web servers'],
      Placement: { AvailabilityZone: 'nova' },
      BlockDeviceMappings: [
        { DeviceName: '/dev/vda', Ebs: { VolumeSize: 10, DeleteOnTermination: true } },
        { DeviceName: '/dev/vdb', VirtualName: 'ephemeral0' },
      ],
      DisableApiTermination: false,
      UserData: '#!/bin/sh\necho "hello ✓"\n',
    };
    expect(serializeQuery(PROTOCOL, 'RunInstances', input)).toBe(
      'Action=RunInstances&Version=2014-10-01&ImageId=ami-00000001&MinCount=1&MaxCount=1&KeyName=mykey' +
        '&InstanceType=m1.tiny&SecurityGroup.1=default&SecurityGroup.2=web%20servers' +
        '&Placement.AvailabilityZone=nova' +
        '&BlockDeviceMapping.1.DeviceName=%2Fdev%2Fvda&BlockDeviceMapping.1.Ebs.VolumeSize=10' +
        '&BlockDeviceMapping.1.Ebs.DeleteOnTermination=true' +
        '&BlockDeviceMapping.2.DeviceName=%2Fdev%2Fvdb&BlockDeviceMapping.2.VirtualName=ephemeral0' +
        '&DisableApiTermination=false' +
        `&UserData=${encodeURIComponent(Buffer.from('#!/bin/sh\necho "hello ✓"\n').toString('base64'))}`,
    );
  });

  it('flattens lists from 1 under the member’s wire name, nested lists too, and omits empty ones', () => {
    expect(
      serializeQuery(PROTOCOL, 'DescribeInstances', {
        InstanceIds: [],
        Filters: [
          { Name: 'instance-state-name', Values: ['running', 'pending'] },
          { Name: 'tag:Name', Values: ['web'] },
        ],
        MaxResults: 5,
      }),
    ).toBe(
      'Action=DescribeInstances&Version=2014-10-01&Filter.1.Name=instance-state-name&Filter.1.Value.1=running' +
        '&Filter.1.Value.2=pending&Filter.2.Name=tag%3AName&Filter.2.Value.1=web&MaxResults=5',
    );
    expect(serializeQuery(PROTOCOL, 'DescribeInstances', { InstanceIds: ['i-1', 'i-2'], DryRun: true })).toBe(
      'Action=DescribeInstances&Version=2014-10-01&InstanceId.1=i-1&InstanceId.2=i-2&DryRun=true',
    );
  });

  it('prefers queryName to locationName', () => {
    const body = serializeQuery(PROTOCOL, 'RunInstances', {
      ImageId: 'ami-1',
      MinCount: 1,
      MaxCount: 1,
      NetworkInterfaces: [
        { DeviceIndex: 0, PrivateIpAddresses: [{ PrivateIpAddress: '10.0.0.5', Primary: true }] },
      ],
    });
    expect(body).toContain(
      '&NetworkInterface.1.DeviceIndex=0&NetworkInterface.1.PrivateIpAddresses.1.PrivateIpAddress=10.0.0.5' +
        '&NetworkInterface.1.PrivateIpAddresses.1.Primary=true',
    );
  });

  it('writes timestamps in ISO 8601 UTC and blobs in base64', () => {
    const history = (StartTime: unknown) =>
      decode(serializeQuery(PROTOCOL, 'DescribeSpotPriceHistory', { StartTime } as never)).at(-1)?.[1];
    expect(history(new Date('2015-01-25T08:00:00Z'))).toBe('2015-01-25T08:00:00Z');
    expect(history(new Date('2015-01-25T08:00:00.250Z'))).toBe('2015-01-25T08:00:00.250Z');
    expect(history(1422172800)).toBe('2015-01-25T08:00:00Z');
    expect(history('2015-01-25T09:00:00+01:00')).toBe('2015-01-25T08:00:00Z');
    expect(
      serializeQuery(PROTOCOL, 'ImportKeyPair', {
        KeyName: 'k',
        PublicKeyMaterial: new TextEncoder().encode('ssh-rsa AAAA'),
      }),
    ).toBe('Action=ImportKeyPair&Version=2014-10-01&KeyName=k&PublicKeyMaterial=c3NoLXJzYSBBQUFB');
    expect(
      serializeQuery(PROTOCOL, 'ImportKeyPair', { KeyName: 'k', PublicKeyMaterial: 'ssh-rsa AAAA' as never }),
    ).toBe('Action=ImportKeyPair&Version=2014-10-01&KeyName=k&PublicKeyMaterial=c3NoLXJzYSBBQUFB');
  });

  it('sends Action and Version alone for an operation without parameters given', () => {
    expect(serializeQuery(PROTOCOL, 'DescribeRegions')).toBe('Action=DescribeRegions&Version=2014-10-01');
    expect(serializeQuery(PROTOCOL, 'DescribeRegions', {})).toBe('Action=DescribeRegions&Version=2014-10-01');
    expect(
      serializeQuery(PROTOCOL, 'DescribeRegions', { RegionNames: undefined, DryRun: null } as never),
    ).toBe('Action=DescribeRegions&Version=2014-10-01');
  });

  it('gives queryParams the same parameters, unencoded, in the same order', () => {
    const input = { KeyName: 'my key ✓', DryRun: false };
    const pairs = queryParams(PROTOCOL, 'CreateKeyPair', input);
    expect(pairs).toEqual([
      ['Action', 'CreateKeyPair'],
      ['Version', '2014-10-01'],
      ['KeyName', 'my key ✓'],
      ['DryRun', 'false'],
    ]);
    expect(encodeQueryParams(pairs)).toBe(serializeQuery(PROTOCOL, 'CreateKeyPair', input));
  });

  it.each<[string, OperationName, unknown, RegExp]>([
    ['an unknown operation', 'NoSuchThing' as OperationName, {}, /unknown EC2 operation "NoSuchThing"/],
    [
      'a missing required parameter',
      'RunInstances',
      { ImageId: 'ami-1', MinCount: 1 },
      /RunInstances: missing required parameter MaxCount$/,
    ],
    [
      'a missing nested required parameter',
      'RunInstances',
      {
        ImageId: 'a',
        MinCount: 1,
        MaxCount: 1,
        NetworkInterfaces: [{ PrivateIpAddresses: [{ Primary: true }] }],
      },
      /missing required parameter PrivateIpAddress in NetworkInterface\.1\.PrivateIpAddresses\.1/,
    ],
    [
      'an unknown parameter',
      'DescribeRegions',
      { RegionName: 'x' },
      /unknown parameter "RegionName" in DescribeRegionsRequest; it takes DryRun, RegionNames, Filters/,
    ],
    [
      'a string where an integer goes',
      'RunInstances',
      { ImageId: 'a', MinCount: '1', MaxCount: 1 },
      /RunInstances: MinCount must be an integer, got string/,
    ],
    [
      'a fraction where an integer goes',
      'RunInstances',
      { ImageId: 'a', MinCount: 1.5, MaxCount: 1 },
      /MinCount must be an integer, got number/,
    ],
    ['a number where a string goes', 'CreateKeyPair', { KeyName: 5 }, /KeyName must be a string, got number/],
    [
      'a string where a boolean goes',
      'CreateKeyPair',
      { KeyName: 'k', DryRun: 'true' },
      /DryRun must be a boolean, got string/,
    ],
    [
      'a string where a list goes',
      'DescribeInstances',
      { InstanceIds: 'i-1' },
      /InstanceId must be an array, got string/,
    ],
    [
      'a null list item',
      'DescribeInstances',
      { InstanceIds: ['i-1', null] },
      /InstanceId\.2 must be a value/,
    ],
    [
      'an array where a structure goes',
      'RunInstances',
      { ImageId: 'a', MinCount: 1, MaxCount: 1, Placement: [] },
      /Placement must be an object, got an array/,
    ],
    [
      'a bad timestamp',
      'DescribeSpotPriceHistory',
      { StartTime: 'yesterday' },
      /StartTime is not a valid timestamp/,
    ],
    ['a lone surrogate', 'CreateKeyPair', { KeyName: 'a\uD800' }, /KeyName holds a lone UTF-16 surrogate/],
    ['an input that is not an object', 'CreateKeyPair', 'k', /the input must be an object, got string/],
  ])('refuses %s with a ParameterError', (_what, operation, input, message) => {
    const run = () => serializeQuery(PROTOCOL, operation, input as object);
    expect(run).toThrow(ParameterError);
    expect(run).toThrow(message);
  });

  it('serializes a random input of every operation, and queryParams agrees with it', () => {
    for (const [name, op] of Object.entries(OPERATIONS)) {
      if (op.input === undefined) continue;
      for (const input of fc.sample(randomInput(PROTOCOL, op.input), { numRuns: 5, seed: name.length })) {
        const body = serializeQuery(PROTOCOL, name, input);
        expect(decode(body)).toEqual(queryParams(PROTOCOL, name, input));
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Against botocore's EC2Serializer on the same model (Debian's python3-botocore)

const PYTHON = '/usr/bin/python3';
const MODEL = fileURLToPath(
  new URL('../../../../shared/schemas/ec2/2014-10-01/service-2.json', import.meta.url),
);
const SCRIPT = `
import json, sys
from botocore.handlers import base64_encode_user_data
from botocore.model import ServiceModel
from botocore.serialize import create_serializer
request = json.load(sys.stdin)
model = ServiceModel(json.load(open(request["model"])), "ec2")
serializer = create_serializer("ec2", include_validation=True)
out = []
for case in request["cases"]:
    params = case["input"]
    if case["operation"] == "RunInstances":
        base64_encode_user_data(params)
    body = serializer.serialize_to_request(params, model.operation_model(case["operation"]))["body"]
    out.append([[key, str(value)] for key, value in body.items()])
print(json.dumps(out))
`;

function botocoreAvailable(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import botocore.serialize'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('against botocore’s EC2Serializer', () => {
  it('has botocore and the model (../shared)', () => {
    expect(
      botocoreAvailable(),
      "Debian's python3-botocore is required: `sh scripts/system-deps.sh` installs it",
    ).toBe(true);
    expect(existsSync(MODEL), `${MODEL} is missing: ../shared is required beside the repository`).toBe(true);
  });

  it('sends the same parameters in the same order for random inputs of all 160 operations', () => {
    const cases = Object.entries(OPERATIONS).flatMap(([operation, op]) =>
      op.input === undefined
        ? []
        : fc
            .sample(randomInput(PROTOCOL, op.input), { numRuns: 4, seed: 1014 + operation.length })
            .map((input) => ({ operation, input })),
    );
    expect(cases.length).toBe(640);
    const theirs = JSON.parse(
      execFileSync(PYTHON, ['-c', SCRIPT], {
        input: JSON.stringify({ model: MODEL, cases }),
        env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', PYTHONIOENCODING: 'utf-8' },
        maxBuffer: 256 * 1024 * 1024,
      }).toString('utf8'),
    ) as string[][][];
    cases.forEach((c, i) => {
      expect({ ...c, params: queryParams(PROTOCOL, c.operation, c.input) }).toEqual({
        ...c,
        params: theirs[i],
      });
    });
  });
});
