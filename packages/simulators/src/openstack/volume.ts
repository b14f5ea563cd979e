/**
 * Cinder v3 under `/volume`: version discovery, volumes (summary, detail, get, create, update,
 * delete, `os-extend`, `os-reset_status`, `os-set_bootable`) with the status transitions
 * `creating → available`, `extending → available` and `deleting → gone`, each `transitionMs`
 * long, `volumes_links` paging, volume types, and the microversion header
 * `OpenStack-API-Version: volume 3.x` (3.0–3.70). Both URL forms are served:
 * `/v3/{project_id}/volumes` and, as Cinder does since 3.67, `/v3/volumes`.
 */
import { randomUUID } from 'node:crypto';
import type { SimulatorRequest, SimulatorResponse } from '../types.js';
import {
  ApiFault,
  empty,
  isoMicrosNaive,
  json,
  jsonBody,
  member,
  optionalString,
  pageOf,
  parseBoolean,
  parseLimit,
  sortBy,
  stableUuid,
  Table,
} from './common.js';
import type { CloudContext, ServiceCall, ServiceRoute } from './context.js';
import { atLeast, type Version } from './microversion.js';

export interface VolumeRecord {
  id: string;
  name: string | null;
  description: string | null;
  size: number;
  status: string;
  projectId: string;
  userId: string;
  availabilityZone: string;
  createdAt: Date;
  updatedAt: Date | null;
  volumeType: string;
  bootable: boolean;
  multiattach: boolean;
  metadata: Record<string, string>;
  snapshotId: string | null;
  sourceVolid: string | null;
  imageId: string | null;
  /** Creation order, the tie-break of equal creation times. */
  sequence: number;
}

export interface VolumeTypeRecord {
  id: string;
  name: string;
  description: string | null;
  isPublic: boolean;
  extraSpecs: Record<string, string>;
}

const FAULT_NAMES: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

/** Nova's and Cinder's fault body: `{"itemNotFound": {"code": 404, "message": "…"}}`. */
export function computeStyleFault(fault: ApiFault, _request: SimulatorRequest): SimulatorResponse {
  const name = FAULT_NAMES[fault.status] ?? 'computeFault';
  return json(fault.status, { [name]: { code: fault.status, message: fault.message } }, fault.headers);
}

const DELETABLE = ['available', 'error', 'error_restoring', 'error_extending', 'error_managing'];
const MAX_LIMIT = 1000;

export class VolumeState {
  readonly volumes = new Table<VolumeRecord>();
  readonly types = new Table<VolumeTypeRecord>();
  readonly #pending = new Map<string, () => void>();
  #sequence = 0;

  constructor(
    readonly region: string,
    private readonly cloud: CloudContext,
  ) {}

  reset(): void {
    for (const cancel of this.#pending.values()) cancel();
    this.#pending.clear();
    this.volumes.clear();
    this.types.clear();
    this.#sequence = 0;
    this.types.add({
      id: stableUuid(`volume-type:${this.region}:lvmdriver-1`),
      name: 'lvmdriver-1',
      description: null,
      isPublic: true,
      extraSpecs: { volume_backend_name: 'lvmdriver-1' },
    });
    this.types.add({
      id: stableUuid(`volume-type:${this.region}:__DEFAULT__`),
      name: '__DEFAULT__',
      description: 'Default Volume Type',
      isPublic: true,
      extraSpecs: {},
    });
  }

  nextSequence(): number {
    this.#sequence += 1;
    return this.#sequence;
  }

  /** Moves a volume to `status` after `transitionMs` (replacing a pending move). */
  later(id: string, change: (volume: VolumeRecord) => void): void {
    this.#pending.get(id)?.();
    const cancel = this.cloud.timers.after(this.cloud.transitionMs, () => {
      this.#pending.delete(id);
      const volume = this.volumes.get(id);
      if (volume === undefined) return;
      change(volume);
      volume.updatedAt = this.cloud.now();
    });
    this.#pending.set(id, cancel);
  }
}

export function volumeRoutes(cloud: CloudContext): ServiceRoute[] {
  const stateOf = (call: ServiceCall): VolumeState => call.region.volume;

  /** Cinder refuses a URL whose project is not the token's. */
  const checkProject = (call: ServiceCall) => {
    const inUrl = call.params.project_id;
    if (inUrl !== undefined && inUrl !== call.auth.projectId)
      throw new ApiFault(400, 'Malformed request url');
  };
  const projectPath = (call: ServiceCall) =>
    call.params.project_id === undefined ? '' : `/${call.params.project_id}`;

  const volume = (call: ServiceCall, id: string): VolumeRecord => {
    const found = stateOf(call).volumes.get(id);
    if (found === undefined || (!call.auth.admin && found.projectId !== call.auth.projectId))
      throw new ApiFault(404, `Volume ${id} could not be found.`);
    return found;
  };

  const links = (call: ServiceCall, id: string) => [
    { href: `${call.base}/v3${projectPath(call)}/volumes/${id}`, rel: 'self' },
    { href: `${call.base}${projectPath(call)}/volumes/${id}`, rel: 'bookmark' },
  ];

  const summary = (call: ServiceCall, v: VolumeRecord) => ({
    id: v.id,
    name: v.name,
    links: links(call, v.id),
  });

  const detail = (call: ServiceCall, v: VolumeRecord, version: Version) => {
    const view: Record<string, unknown> = {
      id: v.id,
      name: v.name,
      status: v.status,
      size: v.size,
      availability_zone: v.availabilityZone,
      created_at: isoMicrosNaive(v.createdAt),
      updated_at: v.updatedAt === null ? null : isoMicrosNaive(v.updatedAt),
      attachments: [],
      bootable: String(v.bootable),
      encrypted: false,
      description: v.description,
      volume_type: v.volumeType,
      snapshot_id: v.snapshotId,
      source_volid: v.sourceVolid,
      metadata: v.metadata,
      links: links(call, v.id),
      user_id: v.userId,
      'os-vol-tenant-attr:tenant_id': v.projectId,
      'os-vol-mig-status-attr:migstat': null,
      'os-vol-mig-status-attr:name_id': null,
      replication_status: null,
      consistencygroup_id: null,
      multiattach: v.multiattach,
      migration_status: null,
    };
    if (call.auth.admin) view['os-vol-host-attr:host'] = `overcast@lvmdriver-1#lvmdriver-1`;
    if (v.imageId !== null) {
      const image = call.region.image.images.get(v.imageId);
      view.volume_image_metadata = {
        image_id: v.imageId,
        image_name: image?.name ?? '',
        checksum: image?.checksum ?? '',
        container_format: image?.containerFormat ?? 'bare',
        disk_format: image?.diskFormat ?? 'raw',
        min_disk: String(image?.minDisk ?? 0),
        min_ram: String(image?.minRam ?? 0),
        size: String(image?.size ?? 0),
      };
    }
    if (atLeast(version, 3, 13)) view.group_id = null;
    if (atLeast(version, 3, 21) && call.auth.admin) view.provider_id = null;
    if (atLeast(version, 3, 48)) {
      view.service_uuid = stableUuid(`cinder-volume:${stateOf(call).region}`);
      view.shared_targets = atLeast(version, 3, 69) ? null : false;
    }
    if (atLeast(version, 3, 61) && call.auth.admin) view.cluster_name = null;
    if (atLeast(version, 3, 63)) {
      view.volume_type_id = stateOf(call).types.find((t) => t.name === v.volumeType)?.id ?? null;
    }
    if (atLeast(version, 3, 64)) view.encryption_key_id = null;
    if (atLeast(version, 3, 65)) view.consumes_quota = true;
    return view;
  };

  const list = (kind: 'summary' | 'detail') => (call: ServiceCall) => {
    checkProject(call);
    const state = stateOf(call);
    const { query } = call.request;
    const allTenants = call.auth.admin && parseBoolean(query.get('all_tenants') ?? 'false') === true;
    const projectFilter = call.auth.admin ? query.get('project_id') : null;
    const name = query.get('name');
    const status = query.get('status');
    const zone = query.get('availability_zone');
    const bootable = query.get('bootable');
    const metadataText = query.get('metadata');
    let metadata: Record<string, string> = {};
    if (metadataText !== null) {
      try {
        metadata = JSON.parse(metadataText.replaceAll("'", '"')) as Record<string, string>;
      } catch {
        throw new ApiFault(400, `Invalid filter: metadata=${metadataText}`);
      }
    }
    const filtered = state.volumes.list(
      (v) =>
        (projectFilter !== null
          ? v.projectId === projectFilter
          : allTenants || v.projectId === call.auth.projectId) &&
        (name === null || v.name === name) &&
        (status === null || v.status === status) &&
        (zone === null || v.availabilityZone === zone) &&
        (bootable === null || parseBoolean(bootable) === v.bootable) &&
        Object.entries(metadata).every(([key, value]) => v.metadata[key] === value),
    );
    const sorted = sortVolumes(filtered, query);
    const limit = parseLimit(query.get('limit'), MAX_LIMIT, MAX_LIMIT);
    const page = pageOf(sorted, limit, query.get('marker'));
    if (page === undefined) throw new ApiFault(400, `marker [${query.get('marker')}] not found`);
    const body: Record<string, unknown> = {
      volumes: page.items.map((v) => (kind === 'detail' ? detail(call, v, call.version) : summary(call, v))),
    };
    const last = page.items.at(-1);
    if (page.full && last !== undefined) {
      const next = new URLSearchParams(query);
      next.set('limit', String(limit));
      next.set('marker', last.id);
      const path = kind === 'detail' ? '/volumes/detail' : '/volumes';
      body.volumes_links = [
        { href: `${call.base}/v3${projectPath(call)}${path}?${next.toString()}`, rel: 'next' },
      ];
    }
    if (atLeast(call.version, 3, 45) && parseBoolean(query.get('with_count') ?? 'false') === true)
      body.count = sorted.length;
    return json(200, body);
  };

  const create = (call: ServiceCall) => {
    checkProject(call);
    const state = stateOf(call);
    const input = member(jsonBody(call.request), 'volume');
    const size = input.size;
    const imageRef = optionalString(input.imageRef ?? input.image_id, 'imageRef');
    const sourceVolid = optionalString(input.source_volid, 'source_volid');
    const snapshotId = optionalString(input.snapshot_id, 'snapshot_id');
    let sizeValue: number | undefined =
      typeof size === 'number'
        ? size
        : typeof size === 'string' && /^\d+$/.test(size)
          ? Number(size)
          : undefined;
    if (snapshotId !== undefined) throw new ApiFault(404, `Snapshot ${snapshotId} could not be found.`);
    const source = sourceVolid === undefined ? undefined : volume(call, sourceVolid);
    if (sizeValue === undefined && source !== undefined) sizeValue = source.size;
    if (sizeValue === undefined || !Number.isInteger(sizeValue) || sizeValue < 1)
      throw new ApiFault(
        400,
        `Invalid input for field/attribute size. Value: ${String(size)}. ${JSON.stringify(size ?? null)} is not valid under any of the given schemas`,
      );
    if (imageRef !== undefined) {
      const image = call.region.image.images.get(imageRef);
      if (image === undefined || image.status !== 'active')
        throw new ApiFault(400, 'Invalid image identifier or unable to access requested image.');
    }
    const typeName = optionalString(input.volume_type, 'volume_type') ?? 'lvmdriver-1';
    const type = state.types.find((t) => t.name === typeName || t.id === typeName);
    if (type === undefined) throw new ApiFault(404, `Volume type with name ${typeName} could not be found.`);
    const metadata = input.metadata ?? {};
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
      throw new ApiFault(400, 'Invalid input for field/attribute metadata.');
    const created = state.volumes.add({
      id: randomUUID(),
      name: optionalString(input.name, 'name') ?? null,
      description: optionalString(input.description, 'description') ?? null,
      size: sizeValue,
      status: 'creating',
      projectId: call.auth.projectId ?? '',
      userId: call.auth.userId,
      availabilityZone: optionalString(input.availability_zone, 'availability_zone') ?? 'nova',
      createdAt: cloud.now(),
      updatedAt: null,
      volumeType: type.name,
      bootable: false,
      multiattach: input.multiattach === true,
      metadata: metadata as Record<string, string>,
      snapshotId: null,
      sourceVolid: source?.id ?? null,
      imageId: imageRef ?? null,
      sequence: state.nextSequence(),
    });
    state.later(created.id, (v) => {
      v.status = 'available';
      if (v.imageId !== null) v.bootable = true;
    });
    return json(202, { volume: detail(call, created, call.version) });
  };

  const show = (call: ServiceCall) => {
    checkProject(call);
    return json(200, { volume: detail(call, volume(call, call.params.id as string), call.version) });
  };

  const update = (call: ServiceCall) => {
    checkProject(call);
    const found = volume(call, call.params.id as string);
    const input = member(jsonBody(call.request), 'volume');
    if (input.name !== undefined) found.name = optionalString(input.name, 'name') ?? null;
    if (input.description !== undefined)
      found.description = optionalString(input.description, 'description') ?? null;
    if (input.metadata !== undefined && typeof input.metadata === 'object' && input.metadata !== null)
      found.metadata = input.metadata as Record<string, string>;
    found.updatedAt = cloud.now();
    return json(200, { volume: detail(call, found, call.version) });
  };

  const remove = (call: ServiceCall) => {
    checkProject(call);
    const state = stateOf(call);
    const found = volume(call, call.params.id as string);
    if (!DELETABLE.includes(found.status))
      throw new ApiFault(
        400,
        'Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.',
      );
    found.status = 'deleting';
    found.updatedAt = cloud.now();
    state.later(found.id, (v) => {
      state.volumes.delete(v.id);
    });
    return empty(202);
  };

  const action = (call: ServiceCall) => {
    checkProject(call);
    const state = stateOf(call);
    const found = volume(call, call.params.id as string);
    const body = jsonBody(call.request);
    const [name] = Object.keys(body);
    const input = (name === undefined ? {} : body[name]) as Record<string, unknown> | null;
    switch (name) {
      case 'os-extend': {
        const newSize = Number(input?.new_size);
        if (found.status !== 'available')
          throw new ApiFault(
            400,
            `Invalid volume: Volume status must be 'available' to extend, currently ${found.status}.`,
          );
        if (!Number.isInteger(newSize) || newSize <= found.size)
          throw new ApiFault(
            400,
            `New size for extend must be greater than current size. (current: ${found.size}, extended: ${String(input?.new_size)}).`,
          );
        found.status = 'extending';
        state.later(found.id, (v) => {
          v.status = 'available';
          v.size = newSize;
        });
        return empty(202);
      }
      case 'os-reset_status': {
        if (!call.auth.admin)
          throw new ApiFault(
            403,
            "Policy doesn't allow volume_extension:volume_admin_actions:reset_status to be performed.",
          );
        const status = optionalString(input?.status, 'status');
        if (status !== undefined) found.status = status;
        return empty(202);
      }
      case 'os-set_bootable': {
        const flag = input?.bootable;
        const value = typeof flag === 'boolean' ? flag : parseBoolean(String(flag));
        if (value === undefined) throw new ApiFault(400, `Invalid value '${String(flag)}' for bootable.`);
        found.bootable = value;
        return empty(200);
      }
      default:
        throw new ApiFault(400, `There is no such action: ${String(name)}`);
    }
  };

  const typeView = (t: VolumeTypeRecord) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    is_public: t.isPublic,
    'os-volume-type-access:is_public': t.isPublic,
    extra_specs: t.extraSpecs,
    qos_specs_id: null,
  });

  const versions = (status: number) => (call: ServiceCall) =>
    json(status, {
      versions: [
        {
          id: 'v3.0',
          status: 'CURRENT',
          version: '3.70',
          min_version: '3.0',
          updated: '2023-08-31T00:00:00Z',
          links: [
            { rel: 'describedby', type: 'text/html', href: 'https://docs.openstack.org/' },
            { rel: 'self', href: `${call.base}/v3/` },
          ],
          'media-types': [
            { base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' },
          ],
        },
      ],
    });

  const routes: ServiceRoute[] = [
    { method: 'GET', template: '', auth: false, handle: versions(300) },
    { method: 'GET', template: '/', auth: false, handle: versions(300) },
    { method: 'GET', template: '/v3', auth: false, handle: versions(200) },
    { method: 'GET', template: '/v3/', auth: false, handle: versions(200) },
  ];
  for (const prefix of ['/v3/{project_id}', '/v3']) {
    routes.push(
      { method: 'GET', template: `${prefix}/volumes`, handle: list('summary') },
      { method: 'POST', template: `${prefix}/volumes`, handle: create },
      { method: 'GET', template: `${prefix}/volumes/detail`, handle: list('detail') },
      { method: 'GET', template: `${prefix}/volumes/{id}`, handle: show },
      { method: 'PUT', template: `${prefix}/volumes/{id}`, handle: update },
      { method: 'DELETE', template: `${prefix}/volumes/{id}`, handle: remove },
      { method: 'POST', template: `${prefix}/volumes/{id}/action`, handle: action },
      {
        method: 'GET',
        template: `${prefix}/types`,
        handle: (call) => {
          checkProject(call);
          return json(200, { volume_types: stateOf(call).types.list().map(typeView) });
        },
      },
      {
        method: 'GET',
        template: `${prefix}/types/{id}`,
        handle: (call) => {
          checkProject(call);
          const id = call.params.id as string;
          const state = stateOf(call);
          const found =
            id === 'default' ? state.types.find((t) => t.name === 'lvmdriver-1') : state.types.get(id);
          if (found === undefined) throw new ApiFault(404, `Volume type ${id} could not be found.`);
          return json(200, { volume_type: typeView(found) });
        },
      },
    );
  }
  return routes;
}

const VOLUME_SORT_KEYS = [
  'id',
  'name',
  'status',
  'size',
  'created_at',
  'updated_at',
  'availability_zone',
  'bootable',
];

/** `sort=key:dir,…` or `sort_key`/`sort_dir`; by default newest first, as Cinder lists. */
function sortVolumes(volumes: VolumeRecord[], query: URLSearchParams): VolumeRecord[] {
  let keys: { key: string; desc: boolean }[];
  const sort = query.get('sort');
  if (sort !== null) {
    keys = sort.split(',').map((part) => {
      const [key = '', dir = 'desc'] = part.split(':');
      return { key, desc: dir !== 'asc' };
    });
  } else {
    const key = query.get('sort_key');
    keys = key === null ? [] : [{ key, desc: (query.get('sort_dir') ?? 'desc') !== 'asc' }];
  }
  for (const { key } of keys) {
    if (!VOLUME_SORT_KEYS.includes(key)) throw new ApiFault(400, `Invalid sort key: ${key}`);
  }
  const get = (key: string) => (v: VolumeRecord) => {
    switch (key) {
      case 'created_at':
        return v.createdAt.getTime();
      case 'updated_at':
        return v.updatedAt?.getTime() ?? 0;
      case 'availability_zone':
        return v.availabilityZone;
      default:
        return (v as unknown as Record<string, unknown>)[key];
    }
  };
  return sortBy(volumes, [
    ...keys.map(({ key, desc }) => ({ get: get(key), desc })),
    { get: get('created_at'), desc: true },
    { get: (v: VolumeRecord) => v.sequence, desc: true },
  ]);
}
