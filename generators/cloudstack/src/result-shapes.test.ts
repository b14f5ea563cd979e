import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from '@overcast/generator-core';
import { describe, expect, it } from 'vitest';
import { readListApis } from './reader.js';
import { resultShape, singular } from './result-shapes.js';

describe('result shapes', () => {
  it.each([
    ['VirtualMachines', 'VirtualMachine'],
    ['PublicIpAddresses', 'PublicIpAddress'],
    ['Statuses', 'Statuse'],
    ['Policies', 'Policy'],
    ['Addresses', 'Address'],
    ['Vpc', 'Vpc'],
  ])('singular(%s) = %s', (plural, one) => {
    // cloudstack-go's rule, quirks included: `…ses` loses only its `s` unless it is `…sses`.
    expect(singular(plural)).toBe(one);
  });

  it('derives keys by rule and by table', () => {
    expect(resultShape('listVirtualMachines', [])).toEqual({ kind: 'list', itemKey: 'virtualmachine' });
    expect(resultShape('listAsyncJobs', [])).toEqual({ kind: 'list', itemKey: 'asyncjobs' });
    expect(resultShape('createAccount', [])).toEqual({ kind: 'object', objectKey: 'account' });
    expect(resultShape('addNicToVirtualMachine', [])).toEqual({
      kind: 'object',
      objectKey: 'virtualmachine',
    });
    expect(resultShape('resetPasswordForVirtualMachine', [])).toEqual({ kind: 'object' });
    expect(resultShape('deleteNetwork', [{ name: 'success', type: 'boolean', description: '' }])).toEqual({
      kind: 'flat',
    });
  });

  it('agrees with every real answer in the fixtures for the commands listApis 4.18 has', () => {
    const dir = sharedPath('fixtures/cloudstack/cloudstack-go-e463cd1/test/testdata');
    const commands = new Map(
      readListApis(sharedPath('schemas/cloudstack/4.18')).commands.map((c) => [c.name, c]),
    );
    let checked = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const fixtures = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<
        string,
        Record<string, Record<string, unknown>>
      >;
      for (const [name, envelope] of Object.entries(fixtures)) {
        const command = commands.get(name);
        if (command === undefined) continue;
        const payload = Object.values(envelope)[0] as Record<string, unknown>;
        const answer = command.isAsync ? (payload['jobresult'] as Record<string, unknown>) : payload;
        const keys = Object.keys(answer);
        const shape = command.result;
        const where = `${file} ${name}`;
        if (shape.kind === 'list') expect(keys, where).toContain(shape.itemKey);
        if (shape.kind === 'object' && shape.objectKey !== undefined)
          expect(keys, where).toEqual([shape.objectKey]);
        if (shape.kind === 'flat')
          expect(
            keys.every((k) => command.fields.some((f) => f.name === k)),
            where,
          ).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
