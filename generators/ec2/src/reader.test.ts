import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from '@overcast/generator-core';
import { describe, expect, it } from 'vitest';
import type { Ec2Ir, ListIr, StructureIr } from './ir.js';
import { modelToIr, readEc2Model } from './reader.js';

/** The pinned model, read in place from the mirror (../shared). */
const MODEL_DIR = sharedPath('schemas/ec2/2014-10-01');
const ir = readEc2Model(MODEL_DIR);

const structure = (name: string) => ir.shapes.find((s) => s.name === name) as StructureIr;
const member = (shape: string, name: string) => structure(shape).members.find((m) => m.name === name);

/** The IR of some shapes, documentation left out, for the golden snapshot. */
function withoutDocs(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === 'documentation' ? undefined : v)));
}

describe('the EC2 reader on botocore ec2/2014-10-01', () => {
  it('reads every operation, shape, paginator and waiter', () => {
    expect(ir.metadata).toEqual({
      apiVersion: '2014-10-01',
      protocol: 'ec2',
      endpointPrefix: 'ec2',
      serviceFullName: 'Amazon Elastic Compute Cloud',
      serviceId: 'EC2',
      signatureVersion: 'v4',
      xmlNamespace: 'http://ec2.amazonaws.com/doc/2014-10-01',
    });
    expect(ir.operations).toHaveLength(160);
    expect(ir.shapes).toHaveLength(596);
    expect(ir.paginators).toHaveLength(8);
    expect(ir.waiters).toHaveLength(23);
    const kinds: Record<string, number> = {};
    for (const shape of ir.shapes) kinds[shape.kind] = (kinds[shape.kind] ?? 0) + 1;
    expect(kinds).toEqual({
      structure: 390,
      list: 130,
      string: 69,
      boolean: 1,
      timestamp: 1,
      double: 1,
      float: 1,
      integer: 1,
      long: 1,
      blob: 1,
    });
  });

  it('has every action OpenStack ec2-api implements (ec2-api-actions.json, read in place)', () => {
    const actions = JSON.parse(readFileSync(join(MODEL_DIR, 'ec2-api-actions.json'), 'utf8')) as {
      count: number;
      actions: string[];
    };
    expect(actions.actions).toHaveLength(actions.count);
    expect(actions.count).toBe(97);
    const names = new Set(ir.operations.map((op) => op.name));
    expect(actions.actions.filter((action) => !names.has(action))).toEqual([]);
  });

  it('names members on the wire as botocore EC2Serializer and EC2QueryParser do', () => {
    // locationName capitalised for the query, as it is for responses
    expect(member('DescribeInstancesRequest', 'InstanceIds')).toMatchObject({
      queryName: 'InstanceId',
      xmlName: 'InstanceId',
    });
    expect(member('DescribeInstancesRequest', 'DryRun')).toMatchObject({
      queryName: 'DryRun',
      xmlName: 'dryRun',
    });
    expect(member('DescribeInstancesRequest', 'Filters')).toMatchObject({
      queryName: 'Filter',
      xmlName: 'Filter',
    });
    expect(member('Filter', 'Values')).toMatchObject({ queryName: 'Value', xmlName: 'Value' });
    // queryName wins over locationName
    expect(member('InstanceNetworkInterfaceSpecification', 'PrivateIpAddresses')).toMatchObject({
      queryName: 'PrivateIpAddresses',
      xmlName: 'privateIpAddressesSet',
    });
    // no locationName: the member name
    expect(member('RunInstancesRequest', 'ImageId')).toMatchObject({
      queryName: 'ImageId',
      xmlName: 'ImageId',
    });
    expect(member('DescribeInstancesResult', 'Reservations')).toMatchObject({ xmlName: 'reservationSet' });
    expect(member('Reservation', 'Instances')).toMatchObject({ xmlName: 'instancesSet' });
    expect((ir.shapes.find((s) => s.name === 'ReservationList') as ListIr).memberXmlName).toBe('item');
  });

  it('marks the user data of RunInstances for base64, as botocore’s base64_encode_user_data', () => {
    const flagged = ir.shapes.flatMap((shape) =>
      shape.kind === 'structure'
        ? shape.members.filter((m) => m.base64).map((m) => `${shape.name}.${m.name}`)
        : [],
    );
    expect(flagged).toEqual(['RunInstancesRequest.UserData']);
  });

  it('keeps requiredness from the model', () => {
    expect(
      structure('RunInstancesRequest')
        .members.filter((m) => m.required)
        .map((m) => m.name),
    ).toEqual(['ImageId', 'MinCount', 'MaxCount']);
  });

  it('reads paginators and waiters', () => {
    expect(ir.paginators.find((p) => p.operation === 'DescribeInstances')).toEqual({
      operation: 'DescribeInstances',
      inputToken: 'NextToken',
      outputToken: 'NextToken',
      limitKey: 'MaxResults',
      resultKey: 'Reservations',
    });
    expect(
      ir.paginators.find((p) => p.operation === 'DescribeReservedInstancesModifications'),
    ).not.toHaveProperty('limitKey');
    const running = ir.waiters.find((w) => w.name === 'InstanceRunning');
    expect(running).toEqual({
      name: 'InstanceRunning',
      operation: 'DescribeInstances',
      delay: 15,
      maxAttempts: 40,
      acceptors: [
        {
          state: 'success',
          matcher: 'pathAll',
          argument: 'Reservations[].Instances[].State.Name',
          expected: 'running',
        },
        {
          state: 'failure',
          matcher: 'pathAny',
          argument: 'Reservations[].Instances[].State.Name',
          expected: 'shutting-down',
        },
        {
          state: 'failure',
          matcher: 'pathAny',
          argument: 'Reservations[].Instances[].State.Name',
          expected: 'terminated',
        },
        {
          state: 'failure',
          matcher: 'pathAny',
          argument: 'Reservations[].Instances[].State.Name',
          expected: 'stopping',
        },
      ],
    });
    expect(new Set(ir.waiters.flatMap((w) => w.acceptors.map((a) => a.matcher)))).toEqual(
      new Set(['path', 'pathAll', 'pathAny']),
    );
  });

  it('matches the golden IR of the shapes the walk-through uses', () => {
    const names = [
      'RunInstancesRequest',
      'Reservation',
      'Instance',
      'InstanceState',
      'InstanceStateName',
      'DescribeInstancesRequest',
      'DescribeInstancesResult',
      'Filter',
      'FilterList',
      'BlockDeviceMapping',
      'EbsBlockDevice',
      'Tag',
      'ImportKeyPairRequest',
    ];
    const golden = {
      operations: ir.operations.filter((op) =>
        ['RunInstances', 'DescribeInstances', 'DeleteKeyPair'].includes(op.name),
      ),
      shapes: ir.shapes.filter((s) => names.includes(s.name)),
    };
    expect(withoutDocs(golden)).toMatchSnapshot();
  });

  it('keeps the documentation as upstream HTML', () => {
    expect(ir.operations.find((op) => op.name === 'RunInstances')?.documentation).toMatch(
      /^<p>Launches the specified number of instances/,
    );
    expect(ir.documentation).toContain('Amazon Elastic Compute Cloud');
  });
});

describe('the EC2 reader on models it must refuse', () => {
  const paths = { service: 'service-2.json', paginators: 'paginators-1.json', waiters: 'waiters-2.json' };
  const base = () => ({
    service: {
      metadata: {
        apiVersion: '2099-01-01',
        protocol: 'ec2',
        endpointPrefix: 'ec2',
        serviceFullName: 'Test',
        signatureVersion: 'v4',
        xmlNamespace: 'http://example.com/',
      },
      operations: {
        Op: {
          name: 'Op',
          http: { method: 'POST', requestUri: '/' },
          input: { shape: 'In' },
          output: { shape: 'Out' },
        },
      },
      shapes: {
        In: { type: 'structure', members: { A: { shape: 'S' } } },
        Out: { type: 'structure', members: { B: { shape: 'L', locationName: 'bSet' } } },
        L: { type: 'list', member: { shape: 'S', locationName: 'item' } },
        S: { type: 'string' },
      },
    } as Record<string, unknown> & { shapes: Record<string, Record<string, unknown>> },
    paginators: { pagination: {} },
    waiters: { version: 2, waiters: {} },
  });
  const read = (mutate: (model: ReturnType<typeof base>) => void): Ec2Ir => {
    const model = base();
    mutate(model);
    return modelToIr(model, paths);
  };

  it('reads a minimal model', () => {
    expect(read(() => {}).shapes.map((s) => s.name)).toEqual(['In', 'L', 'Out', 'S']);
  });

  it.each([
    [
      'a flattened list',
      (m: ReturnType<typeof base>) => Object.assign(m.service.shapes['L'] as object, { flattened: true }),
      /"flattened" is not supported/,
    ],
    [
      'an XML attribute',
      (m: ReturnType<typeof base>) =>
        Object.assign((m.service.shapes['Out'] as { members: { B: object } }).members.B, {
          xmlAttribute: true,
        }),
      /Out\.B: "xmlAttribute" is not supported/,
    ],
    [
      'a timestamp format',
      (m: ReturnType<typeof base>) =>
        Object.assign(m.service.shapes['S'] as object, { timestampFormat: 'unixTimestamp' }),
      /"timestampFormat"/,
    ],
    [
      'a map',
      (m: ReturnType<typeof base>) => Object.assign(m.service.shapes['S'] as object, { type: 'map' }),
      /type "map" is not supported/,
    ],
    [
      'a missing shape',
      (m: ReturnType<typeof base>) =>
        Object.assign(m.service.shapes['L'] as object, { member: { shape: 'Nope' } }),
      /L\.member targets the shape "Nope"/,
    ],
    [
      'another protocol',
      (m: ReturnType<typeof base>) => Object.assign(m.service['metadata'] as object, { protocol: 'query' }),
      /not "ec2"/,
    ],
    [
      'a paginator on a member that does not exist',
      (m: ReturnType<typeof base>) =>
        Object.assign(m.paginators.pagination, {
          Op: { input_token: 'T', output_token: 'B', result_key: 'B' },
        }),
      /input_token: In has no member "T"/,
    ],
    [
      'an unknown matcher',
      (m: ReturnType<typeof base>) =>
        Object.assign(m.waiters.waiters, {
          W: {
            operation: 'Op',
            delay: 1,
            maxAttempts: 2,
            acceptors: [{ state: 'success', matcher: 'regex', expected: 'x' }],
          },
        }),
      /matcher "regex" is not supported/,
    ],
  ])('refuses %s, naming the file and the place', (_what, mutate, message) => {
    expect(() => read(mutate)).toThrow(message);
  });
});
