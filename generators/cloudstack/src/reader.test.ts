import { sharedPath } from '@overcast/generator-core';
import { describe, expect, it } from 'vitest';
import { listApisToIr, readListApis } from './reader.js';

const param = (name: string, type = 'string', required = false) => ({
  name,
  type,
  required,
  length: 255,
  description: `${name}!`,
});

const sample = {
  count: 3,
  api: [
    {
      name: 'listThings',
      description: 'Lists things.',
      isasync: false,
      params: [
        param('page', 'integer'),
        param('pagesize', 'integer'),
        param('ids', 'list'),
        param('ids', 'list', true),
        param('tags', 'map'),
      ],
      response: [
        {},
        { name: 'id', type: 'string', description: 'the id' },
        {
          name: 'nic',
          type: 'set',
          description: 'nics',
          response: [{ name: 'ip', type: 'string', description: '' }],
        },
        {
          name: 'nic',
          type: 'set',
          description: 'again',
          response: [{ name: 'mac', type: 'string', description: '' }],
        },
        {},
      ],
    },
    {
      name: 'deleteThing',
      description: 'Deletes.',
      isasync: true,
      since: '4.18',
      params: [param('id', 'uuid', true)],
      response: [
        { name: 'success', type: 'boolean', description: '' },
        { name: 'jobid', type: 'string', description: '' },
      ],
    },
    {
      name: 'createThing',
      description: 'Creates.',
      isasync: false,
      params: [param('when', 'date')],
      response: [{ name: 'id', type: 'string', description: '' }],
    },
  ],
};

describe('listApisToIr', () => {
  const ir = listApisToIr(sample);
  const byName = Object.fromEntries(ir.commands.map((c) => [c.name, c]));

  it('sorts commands and reads flags, paging and shapes', () => {
    expect(ir.commands.map((c) => c.name)).toEqual(['createThing', 'deleteThing', 'listThings']);
    expect(byName['listThings']).toMatchObject({
      isAsync: false,
      pages: true,
      result: { kind: 'list', itemKey: 'thing' },
    });
    expect(byName['deleteThing']).toMatchObject({
      isAsync: true,
      pages: false,
      since: '4.18',
      result: { kind: 'flat' },
    });
    expect(byName['createThing']?.result).toEqual({ kind: 'object', objectKeys: ['thing'] });
  });

  it('reads params with their kinds, merging duplicates', () => {
    const params = byName['listThings']?.params ?? [];
    expect(params.map((p) => p.name)).toEqual(['ids', 'page', 'pagesize', 'tags']);
    expect(params[0]).toMatchObject({
      list: true,
      map: false,
      required: true,
      length: 255,
      description: 'ids!',
    });
    expect(params[3]).toMatchObject({ map: true, list: false });
    expect(byName['deleteThing']?.params[0]).toMatchObject({ uuid: true, required: true });
    expect(byName['createThing']?.params[0]).toMatchObject({ date: true });
  });

  it('drops empty response entries and merges duplicated fields with their nested fields', () => {
    // The entity's id is always sent; nothing else is known to be.
    expect(byName['listThings']?.fields).toEqual([
      { name: 'id', type: 'string', description: 'the id', required: true },
      {
        name: 'nic',
        type: 'set',
        description: 'nics',
        required: false,
        fields: [
          { name: 'ip', type: 'string', description: '', required: false },
          { name: 'mac', type: 'string', description: '', required: false },
        ],
      },
    ]);
  });

  it.each([
    [null, 'the document must be an object'],
    [{ api: {} }, '"api" must be an array'],
    [
      { api: [{ name: 'x', description: 'd', isasync: 'no', params: [], response: [] }] },
      'command "x": "isasync" must be true or false',
    ],
    [
      {
        api: [
          {
            name: 'x',
            description: 'd',
            isasync: false,
            params: [{ name: 'p', type: 'string', required: false }],
            response: [],
          },
        ],
      },
      '"length" must be an integer',
    ],
    [
      { api: [{ name: 'x', description: 'd', isasync: false, params: [], response: [{ type: 'string' }] }] },
      'command "x" response[0]: "name" must be a non-empty string',
    ],
    [{ api: [sample.api[1], sample.api[1]] }, 'command "deleteThing" is listed twice'],
  ])('rejects malformed input, naming the place (%#)', (input, message) => {
    expect(() => listApisToIr(input)).toThrow(message);
  });
});

describe('corrections and the fields always sent', () => {
  const api = (name: string, response: unknown[], isasync = false) => ({
    name,
    description: name,
    isasync,
    params: [],
    response,
  });
  const field = (name: string, type = 'string', nested?: unknown[]) => ({
    name,
    type,
    description: name,
    ...(nested === undefined ? {} : { response: nested }),
  });
  const group = [
    field('id'),
    field('name'),
    field('ingressrule', 'set', [field('ruleid')]),
    field('virtualmachineids', 'set'),
  ];
  const ir = listApisToIr({
    api: [
      api('listSecurityGroups', group),
      api('createSecurityGroup', group),
      api('authorizeSecurityGroupIngress', [field('ruleid'), field('cidr')], true),
      api('archiveSnapshot', [field('id'), field('name')], true),
      api('listConfigurations', [field('id', 'long'), field('name')]),
      api('queryAsyncJobResult', [
        field('jobid'),
        field('jobstatus', 'integer'),
        field('jobresult', 'responseobject'),
      ]),
    ],
  });
  const byName = Object.fromEntries(ir.commands.map((c) => [c.name, c]));
  const required = (command: string) => byName[command]?.fields.filter((f) => f.required).map((f) => f.name);

  it('answers with the object the server sends, not the one listApis describes', () => {
    // The security group with its new rules, not one rule.
    expect(byName['authorizeSecurityGroupIngress']?.fields).toEqual(byName['listSecurityGroups']?.fields);
    expect(byName['authorizeSecurityGroupIngress']?.result).toEqual({
      kind: 'object',
      objectKeys: ['securitygroup'],
    });
    // A SuccessResponse, flat.
    expect(byName['archiveSnapshot']?.fields.map((f) => f.name)).toEqual(['displaytext', 'success']);
    expect(byName['archiveSnapshot']?.result).toEqual({ kind: 'flat' });
    expect(byName['queryAsyncJobResult']?.result).toEqual({ kind: 'flat' });
  });

  it('fixes open list types by structure', () => {
    for (const command of ['listSecurityGroups', 'createSecurityGroup', 'authorizeSecurityGroupIngress']) {
      expect(byName[command]?.fields.find((f) => f.name === 'virtualmachineids')?.type, command).toBe(
        'string[]',
      );
    }
  });

  it('requires the ids of entities and the collections their response class creates, by structure', () => {
    for (const command of ['listSecurityGroups', 'createSecurityGroup', 'authorizeSecurityGroupIngress']) {
      expect(required(command), command).toEqual(['id', 'ingressrule', 'virtualmachineids']);
    }
    // Not nested objects' fields, not settings (real answers lack their id), not success answers.
    expect(
      byName['listSecurityGroups']?.fields.find((f) => f.name === 'ingressrule')?.fields?.[0]?.required,
    ).toBe(false);
    expect(required('listConfigurations')).toEqual([]);
    expect(required('archiveSnapshot')).toEqual([]);
    expect(required('queryAsyncJobResult')).toEqual(['jobid', 'jobstatus']);
  });
});

describe('the pinned listApis 4.18', () => {
  const ir = readListApis(sharedPath('schemas/cloudstack/4.18'));
  const command = (name: string) => {
    const found = ir.commands.find((c) => c.name === name);
    if (found === undefined) throw new Error(`${name} is not in listApis 4.18`);
    return found;
  };
  const required = (name: string) =>
    command(name)
      .fields.filter((f) => f.required)
      .map((f) => f.name);

  it('requires what the server always sends, and nothing else', () => {
    expect(required('listVirtualMachines')).toEqual(['affinitygroup', 'id', 'nic', 'securitygroup', 'tags']);
    expect(required('deployVirtualMachine')).toEqual(required('listVirtualMachines'));
    expect(required('listSecurityGroups')).toEqual([
      'egressrule',
      'id',
      'ingressrule',
      'tags',
      'virtualmachineids',
    ]);
    expect(required('listZones')).toEqual(['id', 'tags']);
    expect(required('listServiceOfferings')).toEqual(['id']);
    expect(required('listConfigurations')).toEqual([]);
    expect(required('queryAsyncJobResult')).toEqual(['jobid', 'jobstatus']);
    expect(required('login')).toEqual([]);
  });

  it('answers authorizeSecurityGroupIngress with the security group, under its name', () => {
    expect(command('authorizeSecurityGroupIngress').fields).toEqual(command('listSecurityGroups').fields);
    expect(command('authorizeSecurityGroupIngress').result).toEqual({
      kind: 'object',
      objectKeys: ['securitygroup'],
    });
  });
});

describe('the pinned listApis files', () => {
  it.each([
    ['4.18', 705, 318, 3804],
    ['4.16.1', 653, 296, 3438],
  ])('%s reads completely', (version, commands, async, params) => {
    const ir = readListApis(sharedPath(`schemas/cloudstack/${version}`));
    expect(ir.commands).toHaveLength(commands);
    expect(ir.commands.filter((c) => c.isAsync)).toHaveLength(async);
    expect(ir.commands.reduce((n, c) => n + c.params.length, 0)).toBe(params);
    // No empty entry survives, at any depth.
    const names = (fields: { name: string; fields?: unknown[] }[]): boolean =>
      fields.every((f) => f.name !== '' && names((f.fields ?? []) as never));
    expect(ir.commands.every((c) => names(c.fields))).toBe(true);
  });
});
