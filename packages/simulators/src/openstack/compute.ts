/**
 * Nova v2.1 under `/compute`: version discovery, flavors, key pairs, limits, availability zones
 * and servers (CRUD, `/servers/detail` with Nova's filters, `limit`/`marker` paging with
 * `servers_links`, actions with their status transitions, `ips`, `metadata`), honouring the
 * microversion (2.1–2.96) in the fields that differ by it. Errors are Nova's faults
 * (`{"itemNotFound": {"code": 404, "message": "…"}}`).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SimulatorResponse } from '../types.js';
import {
  ApiFault,
  empty,
  isoMicrosNaive,
  isoSeconds,
  json,
  jsonBody,
  member,
  optionalString,
  pageOf,
  parseBoolean,
  parseLimit,
  sortBy,
} from './common.js';
import {
  COMPUTE_HOST,
  type FlavorRecord,
  hostIdOf,
  type KeypairRecord,
  type ServerRecord,
  statusOf,
} from './compute-state.js';
import type { CloudContext, ServiceCall, ServiceRoute } from './context.js';
import { atLeast, type Version } from './microversion.js';

const MAX_LIMIT = 1000;

function notFound(message: string): ApiFault {
  return new ApiFault(404, message);
}

function badRequest(message: string): ApiFault {
  return new ApiFault(400, message);
}

function conflict(message: string): ApiFault {
  return new ApiFault(409, message);
}

/** The id at the end of a reference that may be a URL (`imageRef`, `flavorRef`). */
function refId(ref: string): string {
  return ref.replace(/\/+$/, '').split('/').at(-1) ?? ref;
}

function stateConflict(server: ServerRecord, action: string): ApiFault {
  return conflict(`Cannot '${action}' instance ${server.id} while it is in vm_state ${server.vmState}`);
}

function taskConflict(server: ServerRecord, action: string): ApiFault {
  return conflict(`Cannot '${action}' instance ${server.id} while it is in task_state ${server.taskState}`);
}

export function computeRoutes(cloud: CloudContext): ServiceRoute[] {
  const stateOf = (call: ServiceCall) => call.region.compute;

  const link = (call: ServiceCall, collection: string, id: string) => [
    { rel: 'self', href: `${call.base}/v2.1/${collection}/${id}` },
    { rel: 'bookmark', href: `${call.base}/${collection}/${id}` },
  ];

  const flavor = (call: ServiceCall, id: string): FlavorRecord => {
    const found = stateOf(call).flavors.get(id);
    if (found === undefined) throw notFound(`Flavor ${id} could not be found.`);
    return found;
  };

  const server = (call: ServiceCall, id: string): ServerRecord => {
    const found = stateOf(call).servers.get(id);
    if (found === undefined || found.deleted || (!call.auth.admin && found.projectId !== call.auth.projectId))
      throw notFound(`Instance ${id} could not be found.`);
    return found;
  };

  const flavorSummary = (call: ServiceCall, f: FlavorRecord) => ({
    id: f.id,
    name: f.name,
    links: link(call, 'flavors', f.id),
    ...(atLeast(call.version, 2, 55) ? { description: f.description } : {}),
  });

  const flavorDetail = (call: ServiceCall, f: FlavorRecord) => ({
    id: f.id,
    name: f.name,
    ram: f.ram,
    disk: f.disk,
    swap: f.swap === 0 && !atLeast(call.version, 2, 75) ? '' : f.swap,
    'OS-FLV-EXT-DATA:ephemeral': f.ephemeral,
    'OS-FLV-DISABLED:disabled': f.disabled,
    vcpus: f.vcpus,
    'os-flavor-access:is_public': f.isPublic,
    rxtx_factor: f.rxtxFactor,
    links: link(call, 'flavors', f.id),
    ...(atLeast(call.version, 2, 55) ? { description: f.description } : {}),
    ...(atLeast(call.version, 2, 61) ? { extra_specs: f.extraSpecs } : {}),
  });

  /** `addresses`: the server's ports by network name, with their floating IPs. */
  const addressesOf = (call: ServiceCall, s: ServerRecord) => {
    const network = call.region.network;
    const addresses: Record<string, unknown[]> = {};
    for (const { id } of s.ports) {
      const port = network.ports.get(id);
      if (port === undefined) continue;
      const name = network.networks.get(port.networkId)?.name ?? port.networkId;
      const entries = addresses[name] ?? [];
      addresses[name] = entries;
      for (const ip of port.fixedIps) {
        entries.push({
          version: ip.ip_address.includes(':') ? 6 : 4,
          addr: ip.ip_address,
          'OS-EXT-IPS:type': 'fixed',
          'OS-EXT-IPS-MAC:mac_addr': port.macAddress,
        });
      }
      for (const fip of network.floatingIps.list((f) => f.portId === port.id)) {
        entries.push({
          version: 4,
          addr: fip.floatingIpAddress,
          'OS-EXT-IPS:type': 'floating',
          'OS-EXT-IPS-MAC:mac_addr': port.macAddress,
        });
      }
    }
    return addresses;
  };

  const serverDetail = (call: ServiceCall, s: ServerRecord, version: Version = call.version) => {
    const status = statusOf(s.vmState, s.taskState);
    const f = stateOf(call).flavors.get(s.flavorId);
    const admin = call.auth.admin;
    const view: Record<string, unknown> = {
      id: s.id,
      name: s.name,
      status,
      tenant_id: s.projectId,
      user_id: s.userId,
      metadata: s.metadata,
      hostId: s.vmState === 'building' && s.taskState === 'scheduling' ? '' : hostIdOf(s.projectId),
      image:
        s.imageId === ''
          ? ''
          : { id: s.imageId, links: [{ rel: 'bookmark', href: `${call.base}/images/${s.imageId}` }] },
      flavor: atLeast(version, 2, 47)
        ? {
            vcpus: f?.vcpus ?? 0,
            ram: f?.ram ?? 0,
            disk: f?.disk ?? 0,
            ephemeral: f?.ephemeral ?? 0,
            swap: f?.swap ?? 0,
            original_name: f?.name ?? s.flavorId,
            extra_specs: f?.extraSpecs ?? {},
          }
        : { id: s.flavorId, links: [{ rel: 'bookmark', href: `${call.base}/flavors/${s.flavorId}` }] },
      created: isoSeconds(s.createdAt),
      updated: isoSeconds(s.updatedAt),
      addresses: addressesOf(call, s),
      accessIPv4: s.accessIPv4,
      accessIPv6: s.accessIPv6,
      links: link(call, 'servers', s.id),
      'OS-DCF:diskConfig': s.diskConfig,
      'OS-EXT-AZ:availability_zone': s.availabilityZone,
      config_drive: s.configDrive,
      key_name: s.keyName,
      'OS-SRV-USG:launched_at': s.launchedAt === null ? null : isoMicrosNaive(s.launchedAt),
      'OS-SRV-USG:terminated_at': s.terminatedAt === null ? null : isoMicrosNaive(s.terminatedAt),
      'OS-EXT-STS:task_state': s.taskState,
      'OS-EXT-STS:vm_state': s.vmState,
      'OS-EXT-STS:power_state': s.powerState,
      'os-extended-volumes:volumes_attached': [],
    };
    if (s.securityGroups.length > 0) view.security_groups = s.securityGroups.map((name) => ({ name }));
    if (['ACTIVE', 'BUILD', 'REBUILD', 'RESIZE', 'VERIFY_RESIZE', 'MIGRATING'].includes(status))
      view.progress = s.progress;
    if (admin) {
      view['OS-EXT-SRV-ATTR:host'] =
        s.vmState === 'building' && s.taskState === 'scheduling' ? null : COMPUTE_HOST;
      view['OS-EXT-SRV-ATTR:instance_name'] = `instance-${s.sequence.toString(16).padStart(8, '0')}`;
      view['OS-EXT-SRV-ATTR:hypervisor_hostname'] =
        view['OS-EXT-SRV-ATTR:host'] === null ? null : `${COMPUTE_HOST}.local`;
    }
    if (atLeast(version, 2, 3) && admin) {
      Object.assign(view, {
        'OS-EXT-SRV-ATTR:reservation_id': s.reservationId,
        'OS-EXT-SRV-ATTR:launch_index': s.launchIndex,
        'OS-EXT-SRV-ATTR:hostname': s.hostname,
        'OS-EXT-SRV-ATTR:kernel_id': '',
        'OS-EXT-SRV-ATTR:ramdisk_id': '',
        'OS-EXT-SRV-ATTR:root_device_name': '/dev/vda',
        'OS-EXT-SRV-ATTR:user_data': s.userData,
      });
    }
    if (atLeast(version, 2, 9)) view.locked = s.locked;
    if (atLeast(version, 2, 16) && admin)
      view.host_status = view['OS-EXT-SRV-ATTR:host'] === null ? '' : 'UP';
    if (atLeast(version, 2, 19)) view.description = s.description;
    if (atLeast(version, 2, 26)) view.tags = s.tags;
    if (atLeast(version, 2, 63)) view.trusted_image_certificates = null;
    if (atLeast(version, 2, 71)) view.server_groups = [];
    if (atLeast(version, 2, 73)) view.locked_reason = s.lockedReason;
    if (atLeast(version, 2, 96)) view.pinned_availability_zone = null;
    if (s.fault !== null && (status === 'ERROR' || status === 'DELETED')) view.fault = s.fault;
    return view;
  };

  /** The servers a request lists, filtered as Nova filters them. */
  const selectServers = (call: ServiceCall): ServerRecord[] => {
    const { query } = call.request;
    const admin = call.auth.admin;
    const allTenants =
      admin && query.has('all_tenants') && parseBoolean(query.get('all_tenants') || 'true') !== false;
    const projectFilter = admin ? (query.get('project_id') ?? query.get('tenant_id')) : null;
    const deleted = admin && parseBoolean(query.get('deleted') ?? 'false') === true;
    const changesSince = timeParam(query, 'changes-since');
    const changesBefore = atLeast(call.version, 2, 66) ? timeParam(query, 'changes-before') : undefined;
    const status = query.getAll('status').map((s) => s.toUpperCase());
    const name = regexParam(query.get('name') ?? query.get('display_name'));
    const ip = regexParam(query.get('ip'));
    const ip6 = regexParam(query.get('ip6'));
    const image = query.get('image');
    const flavorId = query.get('flavor');
    const userId = query.get('user_id');
    const zone = query.get('availability_zone');
    const keyName = query.get('key_name');
    const host = admin ? query.get('host') : null;
    const uuid = query.get('uuid');
    const reservation = query.get('reservation_id');
    const tagFilters = atLeast(call.version, 2, 26);
    const csv = (key: string) =>
      query
        .getAll(key)
        .flatMap((v) => v.split(','))
        .filter((v) => v !== '');
    const tags = tagFilters ? csv('tags') : [];
    const tagsAny = tagFilters ? csv('tags-any') : [];
    const notTags = tagFilters ? csv('not-tags') : [];
    const notTagsAny = tagFilters ? csv('not-tags-any') : [];
    const locked = atLeast(call.version, 2, 73) ? query.get('locked') : null;
    const lockedValue = locked === null ? undefined : parseBoolean(locked);
    if (locked !== null && lockedValue === undefined)
      throw badRequest(
        `Invalid input for query parameters locked. Value: ${locked}. Unrecognized value '${locked}'`,
      );
    const network = call.region.network;
    const ipsOf = (s: ServerRecord) =>
      s.ports.flatMap(({ id }) => network.ports.get(id)?.fixedIps.map((f) => f.ip_address) ?? []);

    return stateOf(call).servers.list((s) => {
      if (projectFilter !== null) {
        if (s.projectId !== projectFilter) return false;
      } else if (!allTenants && s.projectId !== call.auth.projectId) return false;
      if (s.deleted && !deleted && changesSince === undefined) return false;
      if (!s.deleted && deleted) return false;
      if (changesSince !== undefined && s.updatedAt.getTime() < changesSince) return false;
      if (changesBefore !== undefined && s.updatedAt.getTime() > changesBefore) return false;
      if (status.length > 0 && !status.includes(statusOf(s.vmState, s.taskState))) return false;
      if (name !== undefined && !name.test(s.name)) return false;
      if (ip !== undefined && !ipsOf(s).some((a) => !a.includes(':') && ip.test(a))) return false;
      if (ip6 !== undefined && !ipsOf(s).some((a) => a.includes(':') && ip6.test(a))) return false;
      if (image !== null && s.imageId !== refId(image)) return false;
      if (flavorId !== null && s.flavorId !== refId(flavorId)) return false;
      if (userId !== null && s.userId !== userId) return false;
      if (zone !== null && s.availabilityZone !== zone) return false;
      if (keyName !== null && s.keyName !== keyName) return false;
      if (host !== null && host !== COMPUTE_HOST) return false;
      if (uuid !== null && s.id !== uuid) return false;
      if (reservation !== null && s.reservationId !== reservation) return false;
      if (tags.length > 0 && !tags.every((t) => s.tags.includes(t))) return false;
      if (tagsAny.length > 0 && !tagsAny.some((t) => s.tags.includes(t))) return false;
      if (notTags.length > 0 && notTags.every((t) => s.tags.includes(t))) return false;
      if (notTagsAny.length > 0 && notTagsAny.some((t) => s.tags.includes(t))) return false;
      if (lockedValue !== undefined && s.locked !== lockedValue) return false;
      return true;
    });
  };

  const SORT_KEYS: Record<string, (s: ServerRecord) => unknown> = {
    created_at: (s) => s.createdAt.getTime(),
    updated_at: (s) => s.updatedAt.getTime(),
    launched_at: (s) => s.launchedAt?.getTime() ?? 0,
    display_name: (s) => s.name,
    hostname: (s) => s.hostname,
    uuid: (s) => s.id,
    vm_state: (s) => s.vmState,
    task_state: (s) => s.taskState,
    power_state: (s) => s.powerState,
    availability_zone: (s) => s.availabilityZone,
    key_name: (s) => s.keyName,
    image_ref: (s) => s.imageId,
    instance_type_id: (s) => s.flavorId,
    project_id: (s) => s.projectId,
    user_id: (s) => s.userId,
    locked: (s) => s.locked,
  };

  const listServers =
    (detail: boolean) =>
    (call: ServiceCall): SimulatorResponse => {
      const { query } = call.request;
      const servers = selectServers(call);
      const sortKeys = query.getAll('sort_key');
      const sortDirs = query.getAll('sort_dir');
      for (const key of sortKeys) {
        if (!(key in SORT_KEYS))
          throw badRequest(
            `Invalid input for query parameters sort_key. Value: ${key}. '${key}' is not one of the allowed keys`,
          );
      }
      const keys = sortKeys.length === 0 ? ['created_at'] : sortKeys;
      const sorted = sortBy(servers, [
        ...keys.map((key, index) => ({
          get: SORT_KEYS[key] as (s: ServerRecord) => unknown,
          desc: (sortDirs[index] ?? sortDirs[0] ?? 'desc') !== 'asc',
        })),
        { get: (s: ServerRecord) => s.sequence, desc: (sortDirs[0] ?? 'desc') !== 'asc' },
      ]);
      const limit = parseLimit(query.get('limit'), MAX_LIMIT, MAX_LIMIT);
      const marker = query.get('marker');
      const page = pageOf(sorted, limit, marker);
      if (page === undefined) throw badRequest(`marker [${marker}] not found`);
      const body: Record<string, unknown> = {
        servers: page.items.map((s) =>
          detail ? serverDetail(call, s) : { id: s.id, name: s.name, links: link(call, 'servers', s.id) },
        ),
      };
      const last = page.items.at(-1);
      if (page.full && last !== undefined) {
        const next = new URLSearchParams(query);
        next.set('limit', String(limit));
        next.set('marker', last.id);
        body.servers_links = [
          { rel: 'next', href: `${call.base}/v2.1/servers${detail ? '/detail' : ''}?${next.toString()}` },
        ];
      }
      return json(200, body);
    };

  /** The NICs a create asks for: Neutron ports to create or bind. */
  const plannedPorts = (call: ServiceCall, input: Record<string, unknown>) => {
    const network = call.region.network;
    const requested = input.networks;
    type Plan = { networkId: string; fixedIp?: string } | { portId: string };
    const plans: Plan[] = [];
    const usable = () => {
      const candidates = network.networks.list(
        (n) => !n.external && network.visible(n, call.auth.projectId, call.auth.admin),
      );
      const own = candidates.filter((n) => n.projectId === call.auth.projectId && !n.shared);
      return own.length > 0 ? own : candidates;
    };
    if (requested === undefined) {
      if (atLeast(call.version, 2, 37))
        throw badRequest(
          `Invalid input for field/attribute server. Value: ${JSON.stringify(input)}. 'networks' is a required property`,
        );
      const candidates = usable();
      if (candidates.length > 1)
        throw conflict('Multiple possible networks found, use a Network ID to be more specific.');
      if (candidates[0]) plans.push({ networkId: candidates[0].id });
      return plans;
    }
    if (requested === 'none') return plans;
    if (requested === 'auto') {
      const candidates = usable();
      if (candidates[0] === undefined)
        throw badRequest(`Unable to automatically allocate a network for project ${call.auth.projectId}`);
      plans.push({ networkId: candidates[0].id });
      return plans;
    }
    if (!Array.isArray(requested))
      throw badRequest(`Invalid input for field/attribute networks. Value: ${JSON.stringify(requested)}.`);
    for (const entry of requested as Record<string, unknown>[]) {
      const portId = optionalString(entry.port, 'port');
      const uuid = optionalString(entry.uuid, 'uuid');
      if (portId !== undefined) {
        const port = network.ports.get(portId);
        if (port === undefined) throw badRequest(`Port id ${portId} could not be found.`);
        if (port.deviceId !== '') throw conflict(`Port ${portId} is still in use.`);
        plans.push({ portId });
      } else if (uuid !== undefined) {
        const found = network.networks.get(uuid);
        if (found === undefined || !network.visible(found, call.auth.projectId, call.auth.admin))
          throw badRequest(`Network ${uuid} could not be found.`);
        const fixedIp = optionalString(entry.fixed_ip, 'fixed_ip');
        plans.push({ networkId: uuid, ...(fixedIp ? { fixedIp } : {}) });
      } else {
        throw badRequest('Bad networks format: network uuid is not in proper format');
      }
    }
    return plans;
  };

  const createServer = (call: ServiceCall): SimulatorResponse => {
    const state = stateOf(call);
    const body = jsonBody(call.request);
    const input = member(body, 'server');
    const name = input.name;
    if (typeof name !== 'string' || name.length === 0 || name.length > 255 || name.trim() !== name)
      throw badRequest(
        `Invalid input for field/attribute name. Value: ${String(name)}. ${JSON.stringify(name ?? null)} is not of type 'string'`,
      );
    const flavorRef = optionalString(input.flavorRef, 'flavorRef');
    if (flavorRef === undefined)
      throw badRequest(
        `Invalid input for field/attribute server. Value: ${JSON.stringify(input)}. 'flavorRef' is a required property`,
      );
    const flavorId = refId(flavorRef);
    if (!state.flavors.has(flavorId)) throw badRequest(`Flavor ${flavorId} could not be found.`);
    const bdm = Array.isArray(input.block_device_mapping_v2)
      ? (input.block_device_mapping_v2 as Record<string, unknown>[])
      : [];
    const bootVolume = bdm.find((b) => Number(b.boot_index) === 0 && b.source_type === 'volume');
    const bootImage = bdm.find((b) => Number(b.boot_index) === 0 && b.source_type === 'image');
    const imageRef = optionalString(input.imageRef, 'imageRef') || (bootImage?.uuid as string | undefined);
    let imageId = '';
    if (imageRef !== undefined && imageRef !== '') {
      imageId = refId(imageRef);
      const image = call.region.image.images.get(imageId);
      if (image === undefined || !call.region.image.visible(image, call.auth.projectId, call.auth.admin))
        throw badRequest(`Image ${imageId} could not be found.`);
      if (image.status !== 'active') throw badRequest(`Image ${imageId} is not active.`);
    } else if (bootVolume === undefined) {
      throw badRequest(
        'Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.',
      );
    }
    const keyName = optionalString(input.key_name, 'key_name');
    if (keyName !== undefined && state.keypairs.get(`${call.auth.userId}:${keyName}`) === undefined)
      throw badRequest('Invalid key_name provided.');
    const zone = optionalString(input.availability_zone, 'availability_zone');
    if (zone !== undefined && zone !== 'nova')
      throw badRequest('The requested availability zone is not available');
    const groups = Array.isArray(input.security_groups)
      ? (input.security_groups as { name?: string }[]).map((g) => String(g.name))
      : ['default'];
    for (const group of groups) {
      const known = call.region.network.securityGroups.find(
        (g) =>
          (g.name === group || g.id === group) && (call.auth.admin || g.projectId === call.auth.projectId),
      );
      if (known === undefined) throw badRequest(`Unable to find security_group with name or id '${group}'`);
    }
    const metadata = input.metadata ?? {};
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
      throw badRequest(`Invalid input for field/attribute metadata. Value: ${JSON.stringify(metadata)}.`);
    const plans = plannedPorts(call, input);
    const minCount = Number(input.min_count ?? 1);
    const maxCount = Number(input.max_count ?? minCount);
    if (!Number.isInteger(minCount) || !Number.isInteger(maxCount) || minCount < 1 || maxCount < minCount)
      throw badRequest('min_count must be <= max_count');
    if (maxCount > 1 && plans.some((p) => 'portId' in p))
      throw badRequest(
        'Multiple instances can only be booted with a port when the port is not already bound.',
      );

    const reservationId = `r-${randomBytes(4).toString('hex')}`;
    const created: ServerRecord[] = [];
    for (let index = 0; index < maxCount; index++) {
      const serverName = maxCount > 1 ? `${name}-${index + 1}` : name;
      const record = state.add({
        name: serverName,
        projectId: call.auth.projectId ?? '',
        userId: call.auth.userId,
        flavorId,
        imageId,
        keyName: keyName ?? null,
        metadata: metadata as Record<string, string>,
        securityGroups: groups,
        availabilityZone: zone ?? 'nova',
        description: atLeast(call.version, 2, 19)
          ? (optionalString(input.description, 'description') ?? null)
          : null,
        tags: atLeast(call.version, 2, 52) && Array.isArray(input.tags) ? (input.tags as string[]) : [],
        accessIPv4: optionalString(input.accessIPv4, 'accessIPv4') ?? '',
        accessIPv6: optionalString(input.accessIPv6, 'accessIPv6') ?? '',
        configDrive: input.config_drive === true ? 'True' : '',
        diskConfig: optionalString(input['OS-DCF:diskConfig'], 'OS-DCF:diskConfig') ?? 'MANUAL',
        userData: optionalString(input.user_data, 'user_data') ?? null,
        reservationId,
        launchIndex: index,
        ...(atLeast(call.version, 2, 90) && typeof input.hostname === 'string'
          ? { hostname: input.hostname }
          : {}),
      });
      try {
        record.ports = plans.map((plan) => {
          if ('portId' in plan) {
            const port = call.region.network.ports.get(plan.portId);
            if (port)
              Object.assign(port, { deviceId: record.id, deviceOwner: `compute:${record.availabilityZone}` });
            return { id: plan.portId, created: false };
          }
          const port = call.region.network.createPort({
            networkId: plan.networkId,
            projectId: record.projectId,
            deviceId: record.id,
            deviceOwner: `compute:${record.availabilityZone}`,
            ...(plan.fixedIp ? { fixedIps: [{ ip_address: plan.fixedIp }] } : {}),
          });
          return { id: port.id, created: true };
        });
      } catch (error) {
        state.release(record);
        state.servers.delete(record.id);
        if (error instanceof ApiFault && error.type === 'IpAddressGenerationFailure')
          throw conflict(
            `No more IP addresses available on network ${plans[0] && 'networkId' in plans[0] ? plans[0].networkId : ''}.`,
          );
        throw error;
      }
      state.build(record);
      created.push(record);
    }
    if (input.return_reservation_id === true) return json(202, { reservation_id: reservationId });
    const first = created[0] as ServerRecord;
    const adminPass =
      typeof input.adminPass === 'string' ? input.adminPass : randomBytes(9).toString('base64url');
    return json(
      202,
      {
        server: {
          id: first.id,
          links: link(call, 'servers', first.id),
          'OS-DCF:diskConfig': first.diskConfig,
          security_groups: groups.map((g) => ({ name: g })),
          adminPass,
        },
      },
      { Location: `${call.base}/v2.1/servers/${first.id}` },
    );
  };

  const checkLock = (call: ServiceCall, s: ServerRecord) => {
    if (s.locked && !call.auth.admin) throw conflict(`Instance ${s.id} is locked`);
  };
  const checkIdle = (s: ServerRecord, action: string) => {
    if (s.taskState !== null) throw taskConflict(s, action);
  };
  const requireVm = (s: ServerRecord, action: string, allowed: readonly string[]) => {
    if (!allowed.includes(s.vmState)) throw stateConflict(s, action);
  };

  /** `POST /servers/{id}/action`: the server moves through a task state to its next state. */
  const serverAction = (call: ServiceCall): SimulatorResponse => {
    const state = stateOf(call);
    const s = server(call, call.params.id as string);
    const body = jsonBody(call.request);
    const [action] = Object.keys(body);
    const input = (action === undefined ? null : body[action]) as Record<string, unknown> | null;
    const accepted = () => empty(202);
    switch (action) {
      case 'os-stop':
        checkLock(call, s);
        requireVm(s, 'stop', ['active', 'error']);
        checkIdle(s, 'stop');
        state.transition(s, { taskState: 'powering-off' }, (c) =>
          Object.assign(c, { vmState: 'stopped', taskState: null, powerState: 4 }),
        );
        return accepted();
      case 'os-start':
        checkLock(call, s);
        requireVm(s, 'start', ['stopped']);
        checkIdle(s, 'start');
        state.transition(s, { taskState: 'powering-on' }, (c) =>
          Object.assign(c, { vmState: 'active', taskState: null, powerState: 1 }),
        );
        return accepted();
      case 'reboot': {
        checkLock(call, s);
        const type = String(input?.type ?? '').toUpperCase();
        if (type !== 'SOFT' && type !== 'HARD')
          throw badRequest(
            `Invalid input for field/attribute type. Value: ${String(input?.type)}. '${String(input?.type)}' is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']`,
          );
        if (type === 'SOFT') requireVm(s, 'reboot', ['active']);
        else requireVm(s, 'reboot', ['active', 'stopped', 'paused', 'suspended', 'error']);
        if (s.taskState !== null && !(type === 'HARD' && s.taskState === 'rebooting'))
          throw taskConflict(s, 'reboot');
        state.transition(s, { taskState: type === 'SOFT' ? 'reboot_started' : 'reboot_started_hard' }, (c) =>
          Object.assign(c, { vmState: 'active', taskState: null, powerState: 1 }),
        );
        return accepted();
      }
      case 'pause':
      case 'suspend':
        checkLock(call, s);
        requireVm(s, action, ['active']);
        checkIdle(s, action);
        state.transition(s, { taskState: action === 'pause' ? 'pausing' : 'suspending' }, (c) =>
          Object.assign(c, {
            vmState: action === 'pause' ? 'paused' : 'suspended',
            taskState: null,
            powerState: action === 'pause' ? 3 : 4,
          }),
        );
        return accepted();
      case 'unpause':
      case 'resume':
        checkLock(call, s);
        requireVm(s, action, [action === 'unpause' ? 'paused' : 'suspended']);
        checkIdle(s, action);
        state.transition(s, { taskState: action === 'unpause' ? 'unpausing' : 'resuming' }, (c) =>
          Object.assign(c, { vmState: 'active', taskState: null, powerState: 1 }),
        );
        return accepted();
      case 'lock':
        s.locked = true;
        s.lockedReason = atLeast(call.version, 2, 73)
          ? (optionalString(input?.locked_reason, 'locked_reason') ?? null)
          : null;
        s.updatedAt = cloud.now();
        return accepted();
      case 'unlock':
        s.locked = false;
        s.lockedReason = null;
        s.updatedAt = cloud.now();
        return accepted();
      case 'os-resetState': {
        if (!call.auth.admin)
          throw new ApiFault(
            403,
            "Policy doesn't allow os_compute_api:os-admin-actions:reset_state to be performed.",
          );
        const wanted = String(input?.state ?? '');
        if (wanted !== 'active' && wanted !== 'error')
          throw badRequest(
            `Invalid input for field/attribute state. Value: ${wanted}. '${wanted}' is not one of ['active', 'error']`,
          );
        Object.assign(s, { vmState: wanted, taskState: null, updatedAt: cloud.now() });
        return accepted();
      }
      case 'changePassword':
        checkLock(call, s);
        if (typeof input?.adminPass !== 'string')
          throw badRequest(
            "Invalid input for field/attribute changePassword. 'adminPass' is a required property",
          );
        requireVm(s, 'changePassword', ['active']);
        return accepted();
      case 'createImage': {
        checkLock(call, s);
        const imageName = optionalString(input?.name, 'name');
        if (imageName === undefined)
          throw badRequest("Invalid input for field/attribute createImage. 'name' is a required property");
        requireVm(s, 'createImage', ['active', 'stopped', 'paused', 'suspended']);
        const image = call.region.image.snapshot(
          imageName,
          s.projectId,
          {
            instance_uuid: s.id,
            base_image_ref: s.imageId,
            user_id: call.auth.userId,
            ...((input?.metadata as Record<string, unknown> | undefined) ?? {}),
          },
          (action: () => void) => cloud.timers.after(cloud.transitionMs, action),
        );
        const location = `${call.origin}${cloud.prefixOf(call.region.name)}/image/v2/images/${image.id}`;
        return atLeast(call.version, 2, 45)
          ? json(202, { image_id: image.id })
          : empty(202, { Location: location });
      }
      case 'rebuild': {
        checkLock(call, s);
        requireVm(s, 'rebuild', ['active', 'stopped', 'error']);
        checkIdle(s, 'rebuild');
        const imageRef = optionalString(input?.imageRef, 'imageRef');
        if (imageRef === undefined)
          throw badRequest("Invalid input for field/attribute rebuild. 'imageRef' is a required property");
        const imageId = refId(imageRef);
        const image = call.region.image.images.get(imageId);
        if (image === undefined) throw badRequest(`Image ${imageId} could not be found.`);
        const previous = s.vmState;
        state.transition(
          s,
          {
            imageId,
            taskState: 'rebuilding',
            ...(typeof input?.name === 'string' ? { name: input.name } : {}),
            ...(input?.metadata && typeof input.metadata === 'object'
              ? { metadata: input.metadata as Record<string, string> }
              : {}),
          },
          (c) =>
            Object.assign(c, {
              vmState: previous === 'stopped' ? 'stopped' : 'active',
              taskState: null,
              powerState: previous === 'stopped' ? 4 : 1,
            }),
        );
        return json(202, {
          server: { ...serverDetail(call, s), adminPass: randomBytes(9).toString('base64url') },
        });
      }
      case 'resize': {
        checkLock(call, s);
        requireVm(s, 'resize', ['active', 'stopped']);
        checkIdle(s, 'resize');
        const ref = optionalString(input?.flavorRef, 'flavorRef');
        if (ref === undefined)
          throw badRequest("Invalid input for field/attribute resize. 'flavorRef' is a required property");
        const newFlavor = refId(ref);
        if (!state.flavors.has(newFlavor)) throw badRequest(`Flavor ${newFlavor} could not be found.`);
        if (newFlavor === s.flavorId) throw badRequest('When resizing, instances must change flavor!');
        const oldFlavor = s.flavorId;
        state.transition(s, { taskState: 'resize_prep' }, (c) =>
          Object.assign(c, {
            vmState: 'resized',
            taskState: null,
            flavorId: newFlavor,
            oldFlavorId: oldFlavor,
          }),
        );
        return accepted();
      }
      case 'confirmResize':
      case 'revertResize': {
        requireVm(s, action, ['resized']);
        if (action === 'confirmResize') {
          Object.assign(s, { vmState: 'active', taskState: null, oldFlavorId: null, updatedAt: cloud.now() });
          return empty(204);
        }
        const back = s.oldFlavorId ?? s.flavorId;
        state.transition(s, { taskState: 'resize_reverting' }, (c) =>
          Object.assign(c, { vmState: 'active', taskState: null, flavorId: back, oldFlavorId: null }),
        );
        return accepted();
      }
      case 'forceDelete':
        checkLock(call, s);
        state.destroy(s);
        return accepted();
      case 'os-getConsoleOutput':
        return json(200, { output: `overcast simulated console of ${s.name}\nlogin: ` });
      default:
        throw badRequest(`There is no such action: ${String(action)}`);
    }
  };

  const keypairView = (k: KeypairRecord, call: ServiceCall, full: boolean) => ({
    name: k.id.slice(k.userId.length + 1),
    public_key: k.publicKey,
    fingerprint: k.fingerprint,
    ...(atLeast(call.version, 2, 2) ? { type: k.type } : {}),
    ...(full
      ? {
          user_id: k.userId,
          created_at: isoMicrosNaive(k.createdAt),
          deleted: false,
          deleted_at: null,
          id: 1,
          updated_at: null,
        }
      : {}),
  });

  const versionDocument = (call: ServiceCall) => ({
    id: 'v2.1',
    status: 'CURRENT',
    version: '2.96',
    min_version: '2.1',
    updated: '2013-07-23T11:33:21Z',
    links: [
      { rel: 'self', href: `${call.base}/v2.1/` },
      { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' },
    ],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }],
  });
  const versions = (call: ServiceCall) =>
    json(200, {
      versions: [
        {
          id: 'v2.0',
          status: 'SUPPORTED',
          version: '',
          min_version: '',
          updated: '2011-01-21T11:33:21Z',
          links: [{ rel: 'self', href: `${call.base}/v2/` }],
        },
        {
          ...versionDocument(call),
          'media-types': undefined,
          links: [{ rel: 'self', href: `${call.base}/v2.1/` }],
        },
      ],
    });

  return [
    { method: 'GET', template: '', auth: false, handle: versions },
    { method: 'GET', template: '/', auth: false, handle: versions },
    {
      method: 'GET',
      template: '/v2.1',
      auth: false,
      handle: (call) => json(200, { version: versionDocument(call) }),
    },
    {
      method: 'GET',
      template: '/v2.1/',
      auth: false,
      handle: (call) => json(200, { version: versionDocument(call) }),
    },

    // Flavors
    ...[false, true].map(
      (detail): ServiceRoute => ({
        method: 'GET',
        template: detail ? '/v2.1/flavors/detail' : '/v2.1/flavors',
        handle: (call) => {
          const { query } = call.request;
          const minRam = Number(query.get('minRam') ?? 0);
          const minDisk = Number(query.get('minDisk') ?? 0);
          if (!Number.isFinite(minRam) || !Number.isFinite(minDisk))
            throw badRequest('Invalid minRam or minDisk filter');
          const isPublicText = query.get('is_public');
          // Nova: public flavors by default; an admin's `is_public=none` lists every flavor.
          const isPublic =
            isPublicText === null
              ? true
              : isPublicText.toLowerCase() === 'none'
                ? call.auth.admin
                  ? undefined
                  : true
                : parseBoolean(isPublicText);
          const sortKey = query.get('sort_key') ?? 'flavorid';
          const sortDir = query.get('sort_dir') ?? 'asc';
          const keyOf: Record<string, (f: FlavorRecord) => unknown> = {
            flavorid: (f) => f.id,
            id: (f) => f.id,
            name: (f) => f.name,
            memory_mb: (f) => f.ram,
            root_gb: (f) => f.disk,
            vcpus: (f) => f.vcpus,
            swap: (f) => f.swap,
            ephemeral_gb: (f) => f.ephemeral,
            rxtx_factor: (f) => f.rxtxFactor,
          };
          const get = keyOf[sortKey];
          if (get === undefined)
            throw badRequest(`Invalid input for query parameters sort_key. Value: ${sortKey}.`);
          const flavors = sortBy(
            stateOf(call).flavors.list(
              (f) =>
                f.ram >= minRam && f.disk >= minDisk && (isPublic === undefined || f.isPublic === isPublic),
            ),
            [{ get, desc: sortDir === 'desc' }],
          );
          const limit = parseLimit(query.get('limit'), MAX_LIMIT, MAX_LIMIT);
          const marker = query.get('marker');
          const page = pageOf(flavors, limit, marker);
          if (page === undefined) throw badRequest(`marker [${marker}] not found`);
          const body: Record<string, unknown> = {
            flavors: page.items.map((f) => (detail ? flavorDetail(call, f) : flavorSummary(call, f))),
          };
          const last = page.items.at(-1);
          if (page.full && last !== undefined) {
            const next = new URLSearchParams(query);
            next.set('limit', String(limit));
            next.set('marker', last.id);
            body.flavors_links = [
              { rel: 'next', href: `${call.base}/v2.1/flavors${detail ? '/detail' : ''}?${next.toString()}` },
            ];
          }
          return json(200, body);
        },
      }),
    ),
    {
      method: 'POST',
      template: '/v2.1/flavors',
      handle: (call) => {
        if (!call.auth.admin)
          throw new ApiFault(
            403,
            "Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed.",
          );
        const input = member(jsonBody(call.request), 'flavor');
        const name = optionalString(input.name, 'name');
        if (name === undefined || name === '')
          throw badRequest("Invalid input for field/attribute flavor. 'name' is a required property");
        const id =
          optionalString(input.id, 'id') ??
          createHash('md5')
            .update(`${name}:${Date.now()}:${Math.random()}`)
            .digest('hex')
            .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
        const state = stateOf(call);
        if (state.flavors.has(id)) throw conflict(`Flavor with ID ${id} already exists.`);
        if (state.flavors.find((f) => f.name === name))
          throw conflict(`Flavor with name ${name} already exists.`);
        const int = (value: unknown, field: string, min: number, fallback?: number) => {
          if (value === undefined && fallback !== undefined) return fallback;
          const number = Number(value);
          if (!Number.isInteger(number) || number < min)
            throw badRequest(`Invalid input for field/attribute ${field}. Value: ${String(value)}.`);
          return number;
        };
        const created = state.flavors.add({
          id,
          name,
          ram: int(input.ram, 'ram', 1),
          vcpus: int(input.vcpus, 'vcpus', 1),
          disk: int(input.disk, 'disk', 0),
          swap: int(input.swap, 'swap', 0, 0),
          ephemeral: int(input['OS-FLV-EXT-DATA:ephemeral'], 'OS-FLV-EXT-DATA:ephemeral', 0, 0),
          rxtxFactor: Number(input.rxtx_factor ?? 1),
          isPublic: input['os-flavor-access:is_public'] !== false,
          disabled: false,
          description: atLeast(call.version, 2, 55)
            ? (optionalString(input.description, 'description') ?? null)
            : null,
          extraSpecs: {},
        });
        return json(200, { flavor: flavorDetail(call, created) });
      },
    },
    {
      method: 'GET',
      template: '/v2.1/flavors/{id}',
      handle: (call) => json(200, { flavor: flavorDetail(call, flavor(call, call.params.id as string)) }),
    },
    {
      method: 'DELETE',
      template: '/v2.1/flavors/{id}',
      handle: (call) => {
        if (!call.auth.admin)
          throw new ApiFault(
            403,
            "Policy doesn't allow os_compute_api:os-flavor-manage:delete to be performed.",
          );
        const found = flavor(call, call.params.id as string);
        stateOf(call).flavors.delete(found.id);
        return empty(202);
      },
    },
    {
      method: 'GET',
      template: '/v2.1/flavors/{flavor_id}/os-extra_specs',
      handle: (call) => json(200, { extra_specs: flavor(call, call.params.flavor_id as string).extraSpecs }),
    },

    // Key pairs
    {
      method: 'GET',
      template: '/v2.1/os-keypairs',
      handle: (call) => {
        const userId = (call.auth.admin && call.request.query.get('user_id')) || call.auth.userId;
        const keypairs = stateOf(call).keypairs.list((k) => k.userId === userId);
        return json(200, { keypairs: keypairs.map((k) => ({ keypair: keypairView(k, call, false) })) });
      },
    },
    {
      method: 'POST',
      template: '/v2.1/os-keypairs',
      handle: (call) => {
        const input = member(jsonBody(call.request), 'keypair');
        const name = optionalString(input.name, 'name');
        if (name === undefined || !/^[a-zA-Z0-9 _.@-]{1,255}$/.test(name))
          throw badRequest(`Invalid input for field/attribute name. Value: ${String(name)}.`);
        const state = stateOf(call);
        const id = `${call.auth.userId}:${name}`;
        if (state.keypairs.has(id)) throw conflict(`Key pair '${name}' already exists.`);
        let publicKey = optionalString(input.public_key, 'public_key');
        let privateKey: string | undefined;
        if (publicKey === undefined) {
          if (atLeast(call.version, 2, 92))
            throw badRequest(
              "Invalid input for field/attribute keypair. 'public_key' is a required property",
            );
          const material = randomBytes(64).toString('base64');
          publicKey = `ssh-rsa ${material} Generated-by-Nova`;
          privateKey = `-----BEGIN OPENSSH PRIVATE KEY-----\n${randomBytes(96).toString('base64')}\n-----END OPENSSH PRIVATE KEY-----\n`;
        }
        const material = publicKey.split(/\s+/)[1] ?? publicKey;
        const digest = createHash('md5').update(Buffer.from(material, 'base64')).digest('hex');
        const created = state.keypairs.add({
          id,
          userId: call.auth.userId,
          publicKey,
          fingerprint: digest.match(/../g)?.join(':') ?? digest,
          type: optionalString(input.type, 'type') ?? 'ssh',
          createdAt: cloud.now(),
        });
        return json(atLeast(call.version, 2, 2) ? 201 : 200, {
          keypair: {
            ...keypairView(created, call, false),
            user_id: created.userId,
            ...(privateKey === undefined ? {} : { private_key: privateKey }),
          },
        });
      },
    },
    {
      method: 'GET',
      template: '/v2.1/os-keypairs/{id}',
      handle: (call) => {
        const name = call.params.id as string;
        const found = stateOf(call).keypairs.get(`${call.auth.userId}:${name}`);
        if (found === undefined) throw notFound(`Keypair ${name} not found for user ${call.auth.userId}`);
        return json(200, { keypair: keypairView(found, call, true) });
      },
    },
    {
      method: 'DELETE',
      template: '/v2.1/os-keypairs/{id}',
      handle: (call) => {
        const name = call.params.id as string;
        const state = stateOf(call);
        if (!state.keypairs.delete(`${call.auth.userId}:${name}`))
          throw notFound(`Keypair ${name} not found for user ${call.auth.userId}`);
        return empty(atLeast(call.version, 2, 2) ? 204 : 202);
      },
    },

    // Limits and availability zones
    {
      method: 'GET',
      template: '/v2.1/limits',
      handle: (call) => {
        const mine = stateOf(call).servers.list((s) => !s.deleted && s.projectId === call.auth.projectId);
        const flavors = stateOf(call).flavors;
        return json(200, {
          limits: {
            rate: [],
            absolute: {
              maxTotalInstances: 10_000,
              maxTotalCores: 20_000,
              maxTotalRAMSize: 51_200_000,
              maxServerMeta: 128,
              maxPersonality: 5,
              maxPersonalitySize: 10240,
              maxTotalKeypairs: 100,
              maxServerGroups: 10,
              maxServerGroupMembers: 10,
              totalInstancesUsed: mine.length,
              totalCoresUsed: mine.reduce((n, s) => n + (flavors.get(s.flavorId)?.vcpus ?? 0), 0),
              totalRAMUsed: mine.reduce((n, s) => n + (flavors.get(s.flavorId)?.ram ?? 0), 0),
              totalServerGroupsUsed: 0,
            },
          },
        });
      },
    },
    {
      method: 'GET',
      template: '/v2.1/os-availability-zone',
      handle: () =>
        json(200, {
          availabilityZoneInfo: [{ zoneName: 'nova', zoneState: { available: true }, hosts: null }],
        }),
    },

    // Servers
    { method: 'GET', template: '/v2.1/servers', handle: listServers(false) },
    { method: 'GET', template: '/v2.1/servers/detail', handle: listServers(true) },
    { method: 'POST', template: '/v2.1/servers', handle: createServer },
    {
      method: 'GET',
      template: '/v2.1/servers/{id}',
      handle: (call) => json(200, { server: serverDetail(call, server(call, call.params.id as string)) }),
    },
    {
      method: 'PUT',
      template: '/v2.1/servers/{id}',
      handle: (call) => {
        const s = server(call, call.params.id as string);
        const input = member(jsonBody(call.request), 'server');
        if (input.name !== undefined) {
          const name = optionalString(input.name, 'name');
          if (name === undefined || name === '') throw badRequest('Invalid input for field/attribute name.');
          s.name = name;
        }
        if (input.description !== undefined && atLeast(call.version, 2, 19))
          s.description = optionalString(input.description, 'description') ?? null;
        if (input.accessIPv4 !== undefined)
          s.accessIPv4 = optionalString(input.accessIPv4, 'accessIPv4') ?? '';
        if (input.accessIPv6 !== undefined)
          s.accessIPv6 = optionalString(input.accessIPv6, 'accessIPv6') ?? '';
        s.updatedAt = cloud.now();
        return json(200, { server: serverDetail(call, s) });
      },
    },
    {
      method: 'DELETE',
      template: '/v2.1/servers/{id}',
      handle: (call) => {
        const s = server(call, call.params.id as string);
        checkLock(call, s);
        if (s.taskState === 'deleting') return empty(204);
        stateOf(call).destroy(s);
        return empty(204);
      },
    },
    { method: 'POST', template: '/v2.1/servers/{id}/action', handle: serverAction },
    {
      method: 'GET',
      template: '/v2.1/servers/{server_id}/ips',
      handle: (call) => {
        const s = server(call, call.params.server_id as string);
        const addresses = addressesOf(call, s);
        const plain = Object.fromEntries(
          Object.entries(addresses).map(([name, list]) => [
            name,
            (list as { version: number; addr: string }[]).map(({ version, addr }) => ({ version, addr })),
          ]),
        );
        return json(200, { addresses: plain });
      },
    },
    {
      method: 'GET',
      template: '/v2.1/servers/{server_id}/metadata',
      handle: (call) => json(200, { metadata: server(call, call.params.server_id as string).metadata }),
    },
    ...(['PUT', 'POST'] as const).map(
      (method): ServiceRoute => ({
        method,
        template: '/v2.1/servers/{server_id}/metadata',
        handle: (call) => {
          const s = server(call, call.params.server_id as string);
          checkLock(call, s);
          const input = member(jsonBody(call.request), 'metadata');
          for (const value of Object.values(input)) {
            if (typeof value !== 'string') throw badRequest('Invalid input for field/attribute metadata.');
          }
          s.metadata =
            method === 'PUT'
              ? (input as Record<string, string>)
              : { ...s.metadata, ...(input as Record<string, string>) };
          s.updatedAt = cloud.now();
          return json(200, { metadata: s.metadata });
        },
      }),
    ),
  ];
}

/** A Nova time filter (`changes-since`) as epoch ms, or Nova's 400. */
function timeParam(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  const value = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
  if (Number.isNaN(value))
    throw badRequest(
      `Invalid input for query parameters ${name}. Value: ${text}. '${text}' is not a 'date-time'`,
    );
  return value;
}

/** Nova's name and IP filters are regular expressions, matched anywhere (Python's `re.search`). */
function regexParam(text: string | null): RegExp | undefined {
  if (text === null) return undefined;
  try {
    return new RegExp(text);
  } catch {
    return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
}
