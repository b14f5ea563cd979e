import * as runtime from '@overcast/runtime';
import { describe, expect, it } from 'vitest';
import * as ec2 from './index.js';

describe('@overcast/ec2', () => {
  it('re-exports the runtime’s error classes and waitFor', () => {
    const pairs: Array<[unknown, unknown]> = [
      [ec2.AbortError, runtime.AbortError],
      [ec2.ApiError, runtime.ApiError],
      [ec2.AuthError, runtime.AuthError],
      [ec2.BadRequestError, runtime.BadRequestError],
      [ec2.ConflictError, runtime.ConflictError],
      [ec2.ConnectionError, runtime.ConnectionError],
      [ec2.DecodeError, runtime.DecodeError],
      [ec2.NotFoundError, runtime.NotFoundError],
      [ec2.OvercastError, runtime.OvercastError],
      [ec2.ParameterError, runtime.ParameterError],
      [ec2.PermissionError, runtime.PermissionError],
      [ec2.RateLimitError, runtime.RateLimitError],
      [ec2.TimeoutError, runtime.TimeoutError],
      [ec2.waitFor, runtime.waitFor],
    ];
    for (const [ours, theirs] of pairs) expect(ours).toBe(theirs);
  });

  it('exports the client, the boto-style layer and the error family', () => {
    expect(typeof ec2.EC2).toBe('function');
    expect(typeof ec2.EC2Connection).toBe('function');
    expect(typeof ec2.connectEc2).toBe('function');
    expect(new ec2.Ec2WaiterError('w')).toBeInstanceOf(ec2.Ec2Error);
    expect(new ec2.EC2_ERRORS.notFound('x')).toBeInstanceOf(ec2.NotFoundError);
    const client = new ec2.EC2({
      endpoint: 'http://x/',
      accessKeyId: 'a',
      secretAccessKey: 'b-secret',
      env: {},
    });
    expect(client.options).not.toHaveProperty('secretAccessKey');
    expect(client.options).not.toHaveProperty('env');
  });

  it('exports the table, the serializer, the readers, paging and waiters', () => {
    expect(ec2.API_VERSION).toBe('2014-10-01');
    expect(Object.keys(ec2.OPERATIONS)).toHaveLength(160);
    expect(Object.keys(ec2.PAGINATORS)).toHaveLength(8);
    expect(Object.keys(ec2.WAITERS)).toHaveLength(23);
    const input: ec2.RunInstancesRequest = { ImageId: 'ami-1', MinCount: 1, MaxCount: 1 };
    expect(ec2.serializeQuery(ec2.PROTOCOL, 'RunInstances', input)).toBe(
      'Action=RunInstances&Version=2014-10-01&ImageId=ami-1&MinCount=1&MaxCount=1',
    );
    expect(typeof ec2.readResponse).toBe('function');
    expect(typeof ec2.readErrorResponse).toBe('function');
    expect(typeof ec2.paginatePages).toBe('function');
    expect(typeof ec2.runWaiter).toBe('function');
  });
});
