/**
 * Glance v2 under `/image`: version discovery (300 Multiple Choices, as Glance answers), images
 * listed with Glance's filters, sorting and `limit`/`marker` paging (25 by default, `first`/`next`
 * links relative to the API root, `/v2/images?…`), created `queued`, uploaded with
 * `PUT …/file` (`active`, with `size`, `checksum` (MD5) and `os_hash_value` (SHA-512)), downloaded
 * with `GET …/file`, updated with JSON patch, tagged, deactivated, deleted. Errors are WebOb pages:
 * HTML, or JSON when the client asks for JSON only.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { SimulatorRequest, SimulatorResponse } from '../types.js';
import { ApiFault, empty, isoSeconds, json, jsonBody, parseBoolean, stableUuid, Table } from './common.js';
import type { CloudContext, ServiceCall, ServiceRoute } from './context.js';

export interface ImageRecord {
  id: string;
  name: string | null;
  status: string;
  visibility: string;
  protected: boolean;
  osHidden: boolean;
  checksum: string | null;
  osHashAlgo: string | null;
  osHashValue: string | null;
  owner: string | null;
  size: number | null;
  virtualSize: number | null;
  containerFormat: string | null;
  diskFormat: string | null;
  createdAt: string;
  updatedAt: string;
  tags: string[];
  minRam: number;
  minDisk: number;
  /** Extra properties (`hw_*`, `owner_specified.*`, anything a client sets). */
  properties: Record<string, unknown>;
  data: Buffer | undefined;
}

const DISK_FORMATS = ['ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'];
const CONTAINER_FORMATS = ['ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed'];
const VISIBILITIES = ['public', 'private', 'shared', 'community'];
const READ_ONLY = [
  'id',
  'status',
  'checksum',
  'os_hash_algo',
  'os_hash_value',
  'size',
  'virtual_size',
  'created_at',
  'updated_at',
  'self',
  'file',
  'schema',
  'direct_url',
  'stores',
  'location',
  'deleted',
  'deleted_at',
];
/** What the image view shows as fields of its own; everything else a client sends is a property. */
const BASE_FIELDS = [
  'name',
  'visibility',
  'protected',
  'os_hidden',
  'container_format',
  'disk_format',
  'tags',
  'min_ram',
  'min_disk',
  'owner',
];
const SORT_KEYS = [
  'name',
  'status',
  'container_format',
  'disk_format',
  'size',
  'id',
  'created_at',
  'updated_at',
];
export const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 1000;

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
};

const EXPLANATIONS: Record<number, string> = {
  400: 'The server could not comply with the request since it is either malformed or otherwise incorrect.',
  403: 'Access was denied to this resource.',
  404: 'The resource could not be found.',
  405: 'The method is not allowed for this resource.',
  409: 'There was a conflict when trying to complete your request.',
  415: 'The request media type is not supported by this server.',
};

/** Glance's errors, as WebOb renders them: JSON for a client that accepts JSON only, else HTML. */
export function glanceFault(fault: ApiFault, request: SimulatorRequest): SimulatorResponse {
  const title = STATUS_TEXT[fault.status] ?? 'Error';
  const explanation = EXPLANATIONS[fault.status] ?? '';
  const accept = String(request.headers.accept ?? '');
  if (accept.includes('application/json') && !accept.includes('text/html')) {
    return json(
      fault.status,
      {
        message: `${explanation}<br /><br />\n${fault.message}\n\n`,
        code: `${fault.status} ${title}`,
        title,
      },
      fault.headers,
    );
  }
  const status = `${fault.status} ${title}`;
  return {
    status: fault.status,
    headers: { 'content-type': 'text/html; charset=UTF-8', ...fault.headers },
    body: `<html>\n <head>\n  <title>${status}</title>\n </head>\n <body>\n  <h1>${status}</h1>\n  ${escapeHtml(fault.message)}<br /><br />\n\n\n\n </body>\n</html>`,
  };
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function hashes(data: Buffer) {
  return {
    checksum: createHash('md5').update(data).digest('hex'),
    osHashAlgo: 'sha512',
    osHashValue: createHash('sha512').update(data).digest('hex'),
  };
}

export class ImageState {
  readonly images = new Table<ImageRecord>();

  constructor(
    readonly region: string,
    private readonly now: () => Date,
  ) {}

  reset(projectId: string): void {
    this.images.clear();
    const data = Buffer.alloc(16 * 1024);
    const text = Buffer.from('overcast simulated cirros 0.6.2 disk image\n');
    for (let offset = 0; offset < data.length; offset += text.length) text.copy(data, offset);
    const time = isoSeconds(this.now());
    this.images.add({
      id: stableUuid(`image:${this.region}:cirros`),
      name: 'cirros-0.6.2-x86_64-disk',
      status: 'active',
      visibility: 'public',
      protected: false,
      osHidden: false,
      ...hashes(data),
      owner: projectId,
      size: data.length,
      virtualSize: 117440512,
      containerFormat: 'bare',
      diskFormat: 'qcow2',
      createdAt: time,
      updatedAt: time,
      tags: [],
      minRam: 0,
      minDisk: 0,
      properties: {
        hw_rng_model: 'virtio',
        owner_specified_openstack_object: 'images/cirros-0.6.2-x86_64-disk',
      },
      data,
    });
  }

  /** What a project may see: public, community, its own, and shared ones it owns. */
  visible(image: ImageRecord, projectId: string | undefined, admin: boolean): boolean {
    return (
      admin || image.visibility === 'public' || image.visibility === 'community' || image.owner === projectId
    );
  }

  /** A server snapshot (Nova's `createImage`): queued, then active after `delayMs`. */
  snapshot(
    name: string,
    owner: string,
    properties: Record<string, unknown>,
    later: (action: () => void) => void,
  ): ImageRecord {
    const time = isoSeconds(this.now());
    const image = this.images.add({
      id: randomUUID(),
      name,
      status: 'queued',
      visibility: 'private',
      protected: false,
      osHidden: false,
      checksum: null,
      osHashAlgo: null,
      osHashValue: null,
      owner,
      size: null,
      virtualSize: null,
      containerFormat: 'bare',
      diskFormat: 'qcow2',
      createdAt: time,
      updatedAt: time,
      tags: [],
      minRam: 0,
      minDisk: 1,
      properties: { image_type: 'snapshot', ...properties },
      data: undefined,
    });
    later(() => {
      const current = this.images.get(image.id);
      if (current === undefined) return;
      const data = Buffer.from(`snapshot of ${String(properties.instance_uuid ?? '')}\n`);
      Object.assign(current, {
        status: 'active',
        size: data.length,
        virtualSize: data.length,
        data,
        ...hashes(data),
      });
      current.updatedAt = isoSeconds(this.now());
    });
    return image;
  }
}

function imageView(image: ImageRecord) {
  return {
    ...image.properties,
    id: image.id,
    name: image.name,
    status: image.status,
    visibility: image.visibility,
    protected: image.protected,
    os_hidden: image.osHidden,
    checksum: image.checksum,
    os_hash_algo: image.osHashAlgo,
    os_hash_value: image.osHashValue,
    owner: image.owner,
    size: image.size,
    virtual_size: image.virtualSize,
    container_format: image.containerFormat,
    disk_format: image.diskFormat,
    created_at: image.createdAt,
    updated_at: image.updatedAt,
    tags: image.tags,
    min_ram: image.minRam,
    min_disk: image.minDisk,
    self: `/v2/images/${image.id}`,
    file: `/v2/images/${image.id}/file`,
    schema: '/v2/schemas/image',
    ...(image.data === undefined ? {} : { stores: 'file' }),
  };
}

function badRequest(message: string): ApiFault {
  return new ApiFault(400, message);
}

/** Sets one image attribute from a create body or a patch, with Glance's checks. */
function setAttribute(image: ImageRecord, key: string, value: unknown, admin: boolean): void {
  if (READ_ONLY.includes(key)) throw new ApiFault(403, `Attribute '${key}' is read-only.`);
  switch (key) {
    case 'name':
      if (value !== null && typeof value !== 'string')
        throw badRequest(`Invalid value for name: ${String(value)}`);
      image.name = value as string | null;
      return;
    case 'visibility':
      if (typeof value !== 'string' || !VISIBILITIES.includes(value))
        throw badRequest(`Invalid visibility value: ${String(value)}`);
      if (value === 'public' && !admin)
        throw new ApiFault(403, 'You are not authorized to complete publicize_image action.');
      image.visibility = value;
      return;
    case 'protected':
    case 'os_hidden': {
      const flag = typeof value === 'boolean' ? value : parseBoolean(String(value));
      if (flag === undefined) throw badRequest(`Invalid value for ${key}: ${String(value)}`);
      if (key === 'protected') image.protected = flag;
      else image.osHidden = flag;
      return;
    }
    case 'container_format':
    case 'disk_format': {
      const allowed = key === 'disk_format' ? DISK_FORMATS : CONTAINER_FORMATS;
      if (value !== null && (typeof value !== 'string' || !allowed.includes(value)))
        throw badRequest(
          `Invalid value '${String(value)}' for parameter '${key}': '${String(value)}' is not one of ${JSON.stringify(allowed)}`,
        );
      if (image.status !== 'queued')
        throw new ApiFault(403, `Attribute ${key} can be only replaced for a queued image.`);
      if (key === 'disk_format') image.diskFormat = value as string | null;
      else image.containerFormat = value as string | null;
      return;
    }
    case 'min_ram':
    case 'min_disk': {
      const number = typeof value === 'number' ? value : Number(value);
      if (!Number.isInteger(number) || number < 0)
        throw badRequest(`Invalid value for ${key}: ${String(value)}`);
      if (key === 'min_ram') image.minRam = number;
      else image.minDisk = number;
      return;
    }
    case 'tags':
      if (!Array.isArray(value) || value.some((tag) => typeof tag !== 'string'))
        throw badRequest(`Invalid value for tags: ${JSON.stringify(value)}`);
      image.tags = [...new Set(value as string[])];
      return;
    case 'owner':
      if (!admin) throw new ApiFault(403, "Attribute 'owner' is reserved.");
      image.owner = value as string | null;
      return;
    default:
      if (value !== null && typeof value !== 'string')
        throw badRequest(
          `Invalid value for additional property ${key}: ${JSON.stringify(value)} is not of type 'string'`,
        );
      image.properties[key] = value;
  }
}

/** `in:a,b` or a plain value, as Glance's filters take them. */
function filterValues(text: string): string[] {
  return text.startsWith('in:') ? text.slice(3).split(',') : [text];
}

export function imageRoutes(cloud: CloudContext): ServiceRoute[] {
  const stateOf = (call: ServiceCall): ImageState => call.region.image;
  const image = (call: ServiceCall, id: string, message = `No image found with ID ${id}`): ImageRecord => {
    const found = stateOf(call).images.get(id);
    if (found === undefined || !stateOf(call).visible(found, call.auth.projectId, call.auth.admin))
      throw new ApiFault(404, message);
    return found;
  };
  const mutable = (call: ServiceCall, found: ImageRecord): void => {
    if (!call.auth.admin && found.owner !== call.auth.projectId)
      throw new ApiFault(403, 'You are not permitted to modify this image.');
  };
  const touch = (found: ImageRecord) => {
    found.updatedAt = isoSeconds(cloud.now());
  };

  const versions = (status: number) => (call: ServiceCall) => {
    const list = [];
    for (let minor = 16; minor >= 0; minor--) {
      list.push({
        id: `v2.${minor}`,
        status: minor === 16 ? 'CURRENT' : 'SUPPORTED',
        links: [{ rel: 'self', href: `${call.base}/v2/` }],
      });
    }
    return json(status, { versions: list });
  };

  const list = (call: ServiceCall): SimulatorResponse => {
    const { query } = call.request;
    const state = stateOf(call);
    const limit = Math.min(limitOf(query.get('limit')), MAX_PAGE_SIZE);
    const visibility = query.get('visibility');
    if (visibility !== null && ![...VISIBILITIES, 'all'].includes(visibility))
      throw badRequest(`Invalid visibility value: ${visibility}`);
    const hidden = query.get('os_hidden');
    const wantHidden = hidden === null ? false : parseBoolean(hidden);
    const tags = query.getAll('tag');
    const sizeMin = query.get('size_min');
    const sizeMax = query.get('size_max');
    const simple = ['name', 'status', 'owner', 'container_format', 'disk_format', 'id'] as const;
    const known = new Set([
      ...simple,
      'limit',
      'marker',
      'visibility',
      'os_hidden',
      'tag',
      'size_min',
      'size_max',
      'sort_key',
      'sort_dir',
      'sort',
      'protected',
      'member_status',
      'created_at',
      'updated_at',
    ]);
    let images = state.images.list((item) => {
      if (!state.visible(item, call.auth.projectId, call.auth.admin)) return false;
      if (visibility === null) {
        if (item.visibility === 'community' && item.owner !== call.auth.projectId) return false;
      } else if (visibility !== 'all' && item.visibility !== visibility) return false;
      if (wantHidden !== undefined && item.osHidden !== wantHidden) return false;
      const view = imageView(item) as Record<string, unknown>;
      for (const key of simple) {
        const wanted = query.get(key);
        if (wanted !== null && !filterValues(wanted).includes(String(view[key]))) return false;
      }
      const prot = query.get('protected');
      if (prot !== null && parseBoolean(prot) !== item.protected) return false;
      if (!tags.every((tag) => item.tags.includes(tag))) return false;
      if (sizeMin !== null && (item.size ?? -1) < Number(sizeMin)) return false;
      if (sizeMax !== null && (item.size ?? Number.POSITIVE_INFINITY) > Number(sizeMax)) return false;
      for (const [key, wanted] of query) {
        if (known.has(key)) continue;
        if (String(item.properties[key]) !== wanted) return false;
      }
      return true;
    });
    images = sortImages(images, query);
    let start = 0;
    const marker = query.get('marker');
    if (marker !== null) {
      const index = images.findIndex((item) => item.id === marker);
      if (index < 0) throw badRequest(`Invalid marker. Image ${marker} could not be found.`);
      start = index + 1;
    }
    const page = images.slice(start, start + limit);
    const params = new URLSearchParams(query);
    params.delete('marker');
    const rest = params.toString();
    const body: Record<string, unknown> = {
      images: page.map(imageView),
      first: rest === '' ? '/v2/images' : `/v2/images?${rest}`,
      schema: '/v2/schemas/images',
    };
    const last = page.at(-1);
    if (last !== undefined && page.length === limit) {
      params.set('marker', last.id);
      body.next = `/v2/images?${params.toString()}`;
    }
    return json(200, body);
  };

  return [
    { method: 'GET', template: '', auth: false, handle: versions(300) },
    { method: 'GET', template: '/', auth: false, handle: versions(300) },
    { method: 'GET', template: '/versions', auth: false, handle: versions(200) },
    { method: 'GET', template: '/v2/images', handle: list },
    {
      method: 'POST',
      template: '/v2/images',
      handle: (call) => {
        const state = stateOf(call);
        const input = jsonBody(call.request);
        const id = input.id;
        if (id !== undefined && (typeof id !== 'string' || !/^[0-9a-f-]{32,36}$/i.test(id)))
          throw badRequest(`Invalid value for id: ${String(id)}`);
        if (typeof id === 'string' && state.images.has(id))
          throw new ApiFault(409, `Image with identifier ${id} already exists!`);
        const time = isoSeconds(cloud.now());
        const created: ImageRecord = {
          id: typeof id === 'string' ? id : randomUUID(),
          name: null,
          status: 'queued',
          visibility: 'shared',
          protected: false,
          osHidden: false,
          checksum: null,
          osHashAlgo: null,
          osHashValue: null,
          owner: call.auth.projectId ?? null,
          size: null,
          virtualSize: null,
          containerFormat: null,
          diskFormat: null,
          createdAt: time,
          updatedAt: time,
          tags: [],
          minRam: 0,
          minDisk: 0,
          properties: {},
          data: undefined,
        };
        for (const [key, value] of Object.entries(input)) {
          if (key === 'id') continue;
          setAttribute(created, key, value, call.auth.admin);
        }
        state.images.add(created);
        return json(201, imageView(created), { Location: `${call.base}/v2/images/${created.id}` });
      },
    },
    {
      method: 'GET',
      template: '/v2/images/{image_id}',
      handle: (call) => json(200, imageView(image(call, call.params.image_id as string))),
    },
    {
      method: 'PATCH',
      template: '/v2/images/{image_id}',
      handle: (call) => {
        const type = String(call.request.headers['content-type'] ?? '');
        if (!/^application\/openstack-images-v2\.[01]-json-patch/.test(type))
          throw new ApiFault(415, `Unsupported Content-Type`, undefined, {
            'Accept-Patch': 'application/openstack-images-v2.1-json-patch',
          });
        const found = image(call, call.params.image_id as string);
        mutable(call, found);
        let operations: unknown;
        try {
          operations = JSON.parse(call.request.text);
        } catch {
          throw badRequest('Malformed JSON in request body.');
        }
        if (!Array.isArray(operations))
          throw badRequest('Request body must be a JSON array of operation objects.');
        const copy: ImageRecord = structuredClone({ ...found, data: undefined });
        for (const operation of operations as { op?: string; path?: string; value?: unknown }[]) {
          const key = (operation.path ?? '').replace(/^\//, '').replaceAll('~1', '/').replaceAll('~0', '~');
          const exists = BASE_FIELDS.includes(key) || READ_ONLY.includes(key) || key in copy.properties;
          switch (operation.op) {
            case 'add':
            case 'replace':
              if (operation.op === 'replace' && !exists)
                throw new ApiFault(409, `Property ${key} does not exist.`);
              setAttribute(copy, key, operation.value, call.auth.admin);
              break;
            case 'remove':
              if (READ_ONLY.includes(key) || BASE_FIELDS.includes(key))
                throw new ApiFault(403, `Attribute '${key}' is read-only.`);
              if (!(key in copy.properties)) throw new ApiFault(409, `Property ${key} does not exist.`);
              delete copy.properties[key];
              break;
            default:
              throw badRequest(
                `Operation objects must contain exactly one member named "add", "remove", or "replace".`,
              );
          }
        }
        Object.assign(found, { ...copy, data: found.data });
        touch(found);
        return json(200, imageView(found));
      },
    },
    {
      method: 'DELETE',
      template: '/v2/images/{image_id}',
      handle: (call) => {
        const id = call.params.image_id as string;
        const found = image(call, id, `Failed to find image ${id} to delete`);
        mutable(call, found);
        if (found.protected) throw new ApiFault(403, `Image ${id} is protected and cannot be deleted.`);
        stateOf(call).images.delete(id);
        return empty(204);
      },
    },
    {
      method: 'PUT',
      template: '/v2/images/{image_id}/file',
      handle: (call) => {
        const found = image(call, call.params.image_id as string);
        mutable(call, found);
        const type = String(call.request.headers['content-type'] ?? 'application/octet-stream');
        if (!type.startsWith('application/octet-stream')) throw new ApiFault(415, 'Unsupported Content-Type');
        if (found.status !== 'queued')
          throw new ApiFault(409, `Image status transition from ${found.status} to saving is not allowed`);
        if (found.diskFormat === null || found.containerFormat === null)
          throw badRequest('Properties disk_format, container_format must be set prior to saving data.');
        const data = Buffer.from(call.request.body);
        Object.assign(found, {
          status: 'active',
          size: data.length,
          virtualSize: found.diskFormat === 'raw' ? data.length : null,
          data,
          ...hashes(data),
        });
        touch(found);
        return empty(204);
      },
    },
    {
      method: 'GET',
      template: '/v2/images/{image_id}/file',
      handle: (call) => {
        const found = image(call, call.params.image_id as string);
        if (found.status === 'deactivated' && !call.auth.admin)
          throw new ApiFault(
            403,
            'The requested image has been deactivated. Image data download is forbidden.',
          );
        if (found.data === undefined) return empty(204);
        return {
          status: 200,
          headers: { 'content-type': 'application/octet-stream', 'Content-MD5': found.checksum ?? '' },
          body: found.data,
        };
      },
    },
    {
      method: 'PUT',
      template: '/v2/images/{image_id}/tags/{tag_value}',
      handle: (call) => {
        const found = image(call, call.params.image_id as string);
        mutable(call, found);
        const tag = call.params.tag_value as string;
        if (!found.tags.includes(tag)) found.tags.push(tag);
        touch(found);
        return empty(204);
      },
    },
    {
      method: 'DELETE',
      template: '/v2/images/{image_id}/tags/{tag_value}',
      handle: (call) => {
        const found = image(call, call.params.image_id as string);
        mutable(call, found);
        const tag = call.params.tag_value as string;
        if (!found.tags.includes(tag)) throw new ApiFault(404, `Tag ${tag} not found`);
        found.tags = found.tags.filter((t) => t !== tag);
        touch(found);
        return empty(204);
      },
    },
    ...(['deactivate', 'reactivate'] as const).map(
      (action): ServiceRoute => ({
        method: 'POST',
        template: `/v2/images/{image_id}/actions/${action}`,
        handle: (call) => {
          if (!call.auth.admin)
            throw new ApiFault(403, `You are not authorized to complete ${action} action.`);
          const found = image(call, call.params.image_id as string);
          const [from, to] = action === 'deactivate' ? ['active', 'deactivated'] : ['deactivated', 'active'];
          if (found.status !== from && found.status !== to)
            throw new ApiFault(403, `Not allowed to ${action} image in status '${found.status}'`);
          found.status = to;
          touch(found);
          return empty(204);
        },
      }),
    ),
    {
      method: 'GET',
      template: '/v2/info/import',
      handle: () =>
        json(200, {
          'import-methods': {
            description: 'Import methods available.',
            type: 'array',
            value: ['glance-direct', 'web-download', 'copy-image'],
          },
        }),
    },
    {
      method: 'GET',
      template: '/v2/info/stores',
      handle: () => json(200, { stores: [{ id: 'file', description: 'Local file store', default: true }] }),
    },
  ];
}

function limitOf(text: string | null): number {
  if (text === null) return DEFAULT_PAGE_SIZE;
  if (!/^\d+$/.test(text)) throw badRequest('limit param must be an integer');
  return Number(text);
}

/**
 * `sort=key:dir,…` or `sort_key`/`sort_dir`, then `created_at` descending; images created in the
 * same second keep their creation order (newest first when the first key is descending).
 */
function sortImages(images: ImageRecord[], query: URLSearchParams): ImageRecord[] {
  let keys: { key: string; desc: boolean }[] = [];
  const sort = query.get('sort');
  if (sort !== null) {
    keys = sort.split(',').map((part) => {
      const [key = '', dir = 'desc'] = part.split(':');
      return { key, desc: dir !== 'asc' };
    });
  } else {
    const sortKeys = query.getAll('sort_key').flatMap((k) => k.split(','));
    const dirs = query.getAll('sort_dir').flatMap((d) => d.split(','));
    keys = sortKeys.map((key, index) => ({ key, desc: (dirs[index] ?? dirs[0] ?? 'desc') !== 'asc' }));
  }
  for (const { key } of keys) {
    if (!SORT_KEYS.includes(key))
      throw badRequest(`Invalid sort key: ${key}. It must be one of the following: ${SORT_KEYS.join(', ')}.`);
  }
  if (!keys.some((k) => k.key === 'created_at')) keys.push({ key: 'created_at', desc: true });
  const order = images.map((image, index) => ({
    image,
    index,
    view: imageView(image) as Record<string, unknown>,
  }));
  order.sort((a, b) => {
    for (const { key, desc } of keys) {
      const x = a.view[key];
      const y = b.view[key];
      if (x === y) continue;
      // Equal creation times keep insertion order (newest first when descending).
      const result = x === null || x === undefined ? -1 : y === null || y === undefined ? 1 : x < y ? -1 : 1;
      return desc ? -result : result;
    }
    return desc(keys) ? b.index - a.index : a.index - b.index;
  });
  return order.map((entry) => entry.image);
}

function desc(keys: { desc: boolean }[]): boolean {
  return keys[0]?.desc ?? true;
}
