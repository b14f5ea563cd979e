/** Parameters read as ec2-api's `dict_from_dotted_str` and `convert_dicts_to_lists` read them. */
import { describe, expect, it } from 'vitest';
import { parseArgs, snakeCase } from './args.js';

describe('parseArgs', () => {
  it('snake-cases every part, makes numbered parts lists in numeric order and unwraps lone values', () => {
    const args = parseArgs(
      new Map([
        ['Action', 'RunInstances'],
        ['Version', '2014-10-01'],
        ['X-Amz-Date', '20240101T000000Z'],
        ['ImageId', 'ami-00000001'],
        ['instanceId.2', 'i-2'],
        ['InstanceId.10', 'i-10'],
        ['InstanceId.1', 'i-1'],
        ['Filter.1.Name', 'tag:env'],
        ['Filter.1.Value.2', 'b'],
        ['Filter.1.Value.1', 'a'],
        ['DisableApiTermination.Value', 'true'],
        ['Placement.AvailabilityZone', 'nova'],
        ['BlockDeviceMapping.1.Ebs.VolumeSize', '10'],
      ]),
    );
    expect(args).toEqual({
      image_id: 'ami-00000001',
      instance_id: ['i-1', 'i-2', 'i-10'],
      filter: [{ name: 'tag:env', value: ['a', 'b'] }],
      disable_api_termination: 'true',
      placement: { availability_zone: 'nova' },
      block_device_mapping: [{ ebs: { volume_size: '10' } }],
    });
  });

  it('snake-cases as camelcase_to_underscore does', () => {
    expect(snakeCase('InstanceId')).toBe('instance_id');
    expect(snakeCase('AWSAccessKeyId')).toBe('aws_access_key_id');
    expect(snakeCase('MaxResults')).toBe('max_results');
    expect(snakeCase('dryRun')).toBe('dry_run');
    expect(snakeCase('CidrIp')).toBe('cidr_ip');
  });
});
