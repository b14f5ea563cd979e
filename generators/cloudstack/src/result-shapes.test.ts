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
    const success = [{ name: 'success', type: 'boolean', description: '', required: false }];
    expect(resultShape('listVirtualMachines', [])).toEqual({ kind: 'list', itemKey: 'virtualmachine' });
    expect(resultShape('listAsyncJobs', [])).toEqual({ kind: 'list', itemKey: 'asyncjobs' });
    expect(resultShape('searchLdap', [])).toEqual({ kind: 'list', itemKey: 'LdapUser' });
    expect(resultShape('createAccount', [])).toEqual({ kind: 'object', objectKeys: ['account'] });
    expect(resultShape('addNicToVirtualMachine', [])).toEqual({
      kind: 'object',
      objectKeys: ['virtualmachine'],
    });
    expect(resultShape('resetPasswordForVirtualMachine', [])).toEqual({
      kind: 'object',
      objectKeys: ['virtualmachine'],
    });
    expect(resultShape('linkUserDataToTemplate', [])).toEqual({
      kind: 'object',
      objectKeys: ['template', 'iso'],
    });
    expect(resultShape('listCapabilities', [])).toEqual({ kind: 'object', objectKeys: ['capability'] });
    expect(resultShape('queryAsyncJobResult', [])).toEqual({ kind: 'flat' });
    expect(resultShape('deleteNetwork', success)).toEqual({ kind: 'flat' });
    expect(resultShape('revokeSecurityGroupIngress', success)).toEqual({ kind: 'flat' });
    // No recorded object name: one key of any name.
    expect(resultShape('configureVirtualRouterElement', [])).toEqual({ kind: 'keyed' });
  });

  it('leaves only the commands whose object name nobody recorded with the keyed shape', () => {
    const keyed = readListApis(sharedPath('schemas/cloudstack/4.18'))
      .commands.filter((c) => c.result.kind === 'keyed')
      .map((c) => c.name);
    // Plugin and admin commands: Tungsten Fabric, UCS, SolidFire's test API, network elements,
    // certificates, and the dedication of hosts, pods and zones (a list inside a job).
    expect(keyed).toEqual([
      'addTungstenFabricNetworkGatewayToLogicalRouter',
      'applyTungstenFabricPolicy',
      'applyTungstenFabricTag',
      'associateUcsProfileToBlade',
      'configureInternalLoadBalancerElement',
      'configureOvsElement',
      'configureVirtualRouterElement',
      'dedicateHost',
      'dedicatePod',
      'dedicateZone',
      'getVolumeSnapshotDetails',
      'getVolumeiScsiName',
      'isAccountAllowedToCreateOfferingsWithTags',
      'issueCertificate',
      'provisionTemplateDirectDownloadCertificate',
      'quotaIsEnabled',
      'removeTungstenFabricNetworkGatewayFromLogicalRouter',
      'removeTungstenFabricPolicy',
      'removeTungstenFabricPolicyRule',
      'removeTungstenFabricTag',
      'revokeTemplateDirectDownloadCertificate',
      'upgradeRouterTemplate',
    ]);
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
        if (shape.kind === 'object') expect(shape.objectKeys, where).toContain(keys[0]);
        if (shape.kind === 'object') expect(keys, where).toHaveLength(1);
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
