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
    expect(byName['createThing']?.result).toEqual({ kind: 'object', objectKey: 'thing' });
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
    expect(byName['listThings']?.fields).toEqual([
      { name: 'id', type: 'string', description: 'the id' },
      {
        name: 'nic',
        type: 'set',
        description: 'nics',
        fields: [
          { name: 'ip', type: 'string', description: '' },
          { name: 'mac', type: 'string', description: '' },
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
