import { GeneratorError } from '@overcast/generator-core';
import { describe, expect, it } from 'vitest';
import type { FindIr, HttpMethod, MetadataNaming, OperationIr } from './ir.js';
import { actionWords, nameService, operationKey, plural, resourceWords, singular } from './naming.js';

/** An operation at `/v2.1<path>`, with the metadata's naming when given as `resource operation type`. */
function op(
  method: HttpMethod,
  path: string,
  extra: Partial<OperationIr> & { meta?: string } = {},
): OperationIr {
  const { meta, ...rest } = extra;
  const naming: MetadataNaming | undefined = meta
    ? (([resource, operation, type]) => ({
        resource: resource as string,
        operation: operation as string,
        type: type as string,
      }))(meta.split(' '))
    : undefined;
  return {
    operationId: `${path.slice(1).replace(/\{[^}]+\}/g, 'id')}:${method.toLowerCase()}`,
    method,
    path,
    specPath: `/v2.1${path}`,
    pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => ({
      name: m[1] as string,
      required: true,
      type: 'string',
    })),
    queryParams: [],
    headerParams: [],
    statuses: [200],
    ...(naming ? { naming } : {}),
    ...rest,
  };
}

const list = { list: { key: 'items' } };

function names(operations: OperationIr[], overrides: Record<string, string> = {}, finds: FindIr[] = []) {
  const named = nameService({ type: 'test', operations, finds }, overrides);
  return [...named.operations.map((n) => n.name), ...named.finds.map((n) => n.name)];
}

describe('English forms', () => {
  it.each([
    ['servers', 'server'],
    ['policies', 'policy'],
    ['addresses', 'address'],
    ['statuses', 'status'],
    ['ips', 'ip'],
    ['metadata', 'metadata'],
    ['dns', 'dns'],
    ['access', 'access'],
    ['boxes', 'box'],
    ['server', 'server'],
  ])('singular(%s) = %s and back', (many, one) => {
    expect(singular(many)).toBe(one);
    expect(singular(one)).toBe(one);
    if (many !== one) expect(plural(one)).toBe(many);
  });

  it('splits resources and actions into words', () => {
    expect(resourceWords('server/interface')).toEqual({ words: ['server', 'interface'] });
    expect(resourceWords('OS_FEDERATION/identity_provider')).toEqual({
      words: ['identity', 'provider'],
      namespaced: ['federation', 'identity', 'provider'],
    });
    expect(actionWords('os-getVNCConsole')).toEqual(['get', 'vnc', 'console']);
    expect(actionWords('trigger_crash_dump')).toEqual(['trigger', 'crash', 'dump']);
  });
});

describe('names from the metadata', () => {
  it('names the plain operations openstacksdk style', () => {
    expect(
      names([
        op('GET', '/servers', { ...list, meta: 'server list list' }),
        op('GET', '/servers/detail', { ...list, meta: 'server list_detailed list' }),
        op('POST', '/servers', { meta: 'server create create' }),
        op('GET', '/servers/{id}', { meta: 'server show show' }),
        op('PUT', '/servers/{id}', { meta: 'server update set' }),
        op('DELETE', '/servers/{id}', { meta: 'server delete delete' }),
        op('GET', '/servers/{server_id}/os-interface', { ...list, meta: 'server/interface list list' }),
        op('PUT', '/servers/{server_id}/tags', { meta: 'server/tag replace set' }),
        op('DELETE', '/servers/{server_id}/tags', { meta: 'server/tag delete_all delete' }),
        op('GET', '/servers/{server_id}/diagnostics', { meta: 'server/diagnostic get get' }),
        op('GET', '/servers/{server_id}/os-server-password', { meta: 'server/server_password get get' }),
        op('HEAD', '/servers/{id}', { meta: 'server check get' }),
      ]),
    ).toEqual([
      'serversBrief',
      'servers',
      'createServer',
      'getServer',
      'updateServer',
      'deleteServer',
      'serverInterfaces',
      'replaceServerTags',
      'deleteServerTags',
      'getServerDiagnostics',
      'getServerPassword',
      'checkServer',
    ]);
  });

  it('names actions verb, resource, rest', () => {
    const action = (name: string) =>
      op('POST', '/servers/{id}/action', { action: { name }, meta: `server ${name} action` });
    expect(
      names(
        ['reboot', 'os-start', 'os-resetState', 'addSecurityGroup', 'createImage', 'os-getVNCConsole'].map(
          action,
        ),
      ),
    ).toEqual([
      'rebootServer',
      'startServer',
      'resetServerState',
      'addServerSecurityGroup',
      'createServerImage',
      'getServerVncConsole',
    ]);
    const volume = (name: string) =>
      op('POST', '/volumes/{id}/action', { action: { name }, meta: `volume ${name} action` });
    expect(names(['os-volume_upload_image', 'os-migrate_volume', 'os-extend'].map(volume))).toEqual([
      'uploadVolumeImage',
      'migrateVolume',
      'extendVolume',
    ]);
    // Metadata actions outside `…/action` take the operation's key; `stage` on image/stage is not said twice.
    expect(
      names([
        op('PUT', '/images/{image_id}/stage', { meta: 'image/stage stage action' }),
        op('PUT', '/routers/{id}/add_router_interface', { meta: 'router add_router_interface action' }),
        op('PUT', '/qos-specs/{id}/delete_keys', { meta: 'qos_spec/delete_key delete_keys action' }),
      ]),
    ).toEqual(['stageImage', 'addRouterInterface', 'deleteQosSpecKeys']);
  });

  it('names finds after their resource', () => {
    const find: FindIr = {
      resource: 'server',
      listOperationId: 'servers/detail:get',
      nameField: 'name',
      nameFilter: true,
    };
    expect(
      names([op('GET', '/servers/detail', { ...list, meta: 'server list_detailed list' })], {}, [find]),
    ).toEqual(['servers', 'findServer']);
  });
});

describe('names from the path rule', () => {
  it('reads collections, items, details, verbs and parameters', () => {
    expect(
      names([
        op('GET', '/os-cells', list),
        op('GET', '/os-cells/detail', list),
        op('POST', '/os-cells'),
        op('GET', '/os-cells/{id}'),
        op('PUT', '/os-cells/{id}'),
        op('DELETE', '/os-cells/{id}'),
        op('GET', '/os-cells/capacities'),
        op('GET', '/os-cells/{id}/capacities'),
        op('POST', '/os-cells/sync_instances'),
        op('GET', '/os-hosts/{id}/reboot'),
        op('POST', '/backups/{id}/restore'),
        op('GET', '/images/{image_id}/metadata'),
        op('GET', '/images/{image_id}/metadata/{id}'),
        op('PUT', '/regions/{region_id}'),
        op('PATCH', '/regions/{region_id}'),
        op('HEAD', '/regions/{region_id}'),
        op('GET', '/domains/{domain_id}/config/{group}'),
        op('POST', '/servers/{id}/action', { action: { name: 'os-start' } }),
        op('POST', '/groups/action', { action: { name: 'reset_status' } }),
        op('POST', '/flavors/{id}/action', { action: { name: 'create' } }),
      ]),
    ).toEqual([
      'cellsBrief',
      'cells',
      'createCell',
      'getCell',
      'updateCell',
      'deleteCell',
      'getCellsCapacities',
      'getCellCapacities',
      'syncCellsInstances',
      'rebootHost',
      'restoreBackup',
      'imageMetadata',
      'getImageMetadata',
      'replaceRegion',
      'updateRegion',
      'checkRegion',
      'getDomainConfigGroup',
      'startServer',
      'resetGroupsStatus',
      'createFlavorAction',
    ]);
  });

  it('keeps a namespace only where leaving it out would make two names equal', () => {
    expect(
      names([
        op('GET', '/projects', { ...list, meta: 'project list list' }),
        op('GET', '/OS-FEDERATION/projects', { ...list, meta: 'OS_FEDERATION/project list list' }),
        op('GET', '/OS-TRUST/trusts', { ...list, meta: 'OS_TRUST/trust list list' }),
        op('GET', '/volume-transfers/{id}'),
        op('GET', '/os-volume-transfer/{id}'),
        op('GET', '/os-keypairs/{id}'),
      ]),
    ).toEqual([
      'projects',
      'federationProjects',
      'trusts',
      'getVolumeTransfer',
      'getOsVolumeTransfer',
      'getKeypair',
    ]);
  });
});

describe('collisions', () => {
  const clash = [
    op('GET', '/v2.1/', { meta: 'version get get' }),
    op('GET', '/versions/{id}', { meta: 'version show show' }),
  ];

  it('fail generation naming both operations, never numbered', () => {
    expect(() => names(clash)).toThrow(GeneratorError);
    expect(() => names(clash)).toThrow(
      /"getVersion" names GET \/v2\.1\/v2\.1\/ \(metadata: version get\) and GET \/v2\.1\/versions\/\{id\} \(metadata: version show\)/,
    );
    expect(() => names(clash)).toThrow(/give each operation its name in the service entry's `names`/);
  });

  it('are resolved by the service entry, whose every name must be used', () => {
    const key = operationKey(clash[0] as OperationIr);
    expect(key).toBe('GET /v2.1/v2.1/');
    expect(names(clash, { [key]: 'getCurrentVersion' })).toEqual(['getCurrentVersion', 'getVersion']);
    expect(() => names(clash, { [key]: 'getCurrentVersion', 'GET /nowhere': 'x' })).toThrow(
      /the name override\(s\) "GET \/nowhere" match no operation/,
    );
    // An override can collide too.
    expect(() => names(clash, { [key]: 'getVersion' })).toThrow(/"getVersion" names/);
  });

  it('refuse the names the hand-written proxy layer keeps', () => {
    expect(() => names([op('GET', '/x/{id}')], { 'GET /v2.1/x/{id}': 'get' })).toThrow(
      /"get" \(GET \/v2\.1\/x\/\{id\}\) is reserved for the hand-written proxy layer/,
    );
    expect(() => names([op('GET', '/x/{id}')], { 'GET /v2.1/x/{id}': 'waitForX' })).toThrow(/is reserved/);
    expect(() => names([op('GET', '/x/{id}')], { 'GET /v2.1/x/{id}': 'Not-a-name' })).toThrow(
      /is not a camelCase identifier/,
    );
  });
});
