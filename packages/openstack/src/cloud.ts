/**
 * The cloud layer: the handful of cross-service operations openstacksdk's README shows, each a thin
 * composition of proxy calls — `listServers`, `createServer` (image, flavor and networks by name or
 * id, optional wait and floating IP), `deleteServer` (optional wait), `getFlavorByRam`,
 * `createImage` (Glance upload streamed from a file or a stream) and `downloadImage` (streamed to a
 * file or a stream). Image data is never held whole in memory.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ParameterError } from '@overcast/runtime/errors';
import { ResourceNotFound } from './errors.js';
import type { compute, image, network } from './generated/index.js';
import type { BinaryBody, OpenStackCallOptions } from './operation-types.js';
import type { Proxies } from './proxy.js';

/**
 * A resource given by name or id, or as an object with its `id` (what a get or create resolved
 * with; a union such as Nova's create answer is accepted, and an object without id refused).
 */
export type NameOrId = string | { readonly id?: string | null | undefined } | object;

export interface CreateServerOptions {
  name: string;
  /** The image: name, id or object (not needed when `server.block_device_mapping_v2` boots a volume). */
  image?: NameOrId;
  /** The flavor: name, id or object. */
  flavor: NameOrId;
  /** Network names or ids to attach (each gets a port); default Nova's `auto`. */
  network?: NameOrId | readonly NameOrId[];
  /** Nova's `networks` entries as they are (`{ port }`, `{ uuid, fixed_ip }`), instead of `network`. */
  nics?: compute.CreateServerBody['networks'];
  keyName?: string;
  /** Security group names. */
  securityGroups?: readonly string[];
  metadata?: Record<string, string>;
  /** Cloud-init user data, sent base64-encoded. */
  userData?: string | Uint8Array;
  availabilityZone?: string;
  /** Wait until the server is ACTIVE (default false). */
  wait?: boolean;
  /** How long to wait, ms (default 180 000, openstacksdk's 180 s). */
  timeout?: number;
  /** Between polls, ms (default 2000). */
  interval?: number;
  /** With `wait`: give the server a floating IP when it has no public address (default true). */
  autoIp?: boolean;
  /** Any other field of Nova's server body. */
  server?: Partial<compute.CreateServerBody>;
}

export interface DeleteServerOptions {
  /** Wait until the server is gone (default false). */
  wait?: boolean;
  /** ms (default 180 000). */
  timeout?: number;
  interval?: number;
}

export interface CreateImageOptions {
  name: string;
  /** A file to upload, streamed. */
  filename?: string;
  /** Or the data: bytes, a string, or a stream of chunks (read once, streamed). */
  data?: BinaryBody;
  /** Default: the file's extension when it is a disk format, else `qcow2` (openstacksdk's `image_format`). */
  diskFormat?: string;
  /** Default `bare`. */
  containerFormat?: string;
  visibility?: 'public' | 'private' | 'shared' | 'community';
  minDisk?: number;
  minRam?: number;
  tags?: readonly string[];
  protected?: boolean;
  /** Extra image properties (`os_distro`, `hw_disk_bus`…). */
  properties?: Record<string, unknown>;
  /** Wait until the image is `active` (default false). */
  wait?: boolean;
  /** ms (default 3 600 000, openstacksdk's hour). */
  timeout?: number;
  interval?: number;
}

export type DownloadImageOptions = { filename: string } | { stream: Writable };

export interface FlavorByRamOptions {
  /** Only flavors whose name contains this text. */
  include?: string;
}

const DISK_FORMATS = new Set([
  'ami',
  'ari',
  'aki',
  'vhd',
  'vhdx',
  'vmdk',
  'raw',
  'qcow2',
  'vdi',
  'iso',
  'ploop',
]);

/** The id of an object given; undefined for a name or id given as a string. */
function idOf(value: NameOrId): string | undefined {
  if (typeof value === 'string') return undefined;
  const id = (value as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || id === '')
    throw new ParameterError('a resource given as an object needs its id');
  return id;
}

function nameOf(value: NameOrId): string {
  if (typeof value !== 'string') return idOf(value) as string;
  if (value === '') throw new ParameterError('a name or id must be a non-empty string');
  return value;
}

/** The layer's work, over a connection's proxies. */
export class CloudLayer {
  constructor(readonly proxies: Proxies) {}

  async listServers(
    query: compute.ServersQuery = {},
    options: OpenStackCallOptions = {},
  ): Promise<compute.ServersItem[]> {
    const servers: compute.ServersItem[] = [];
    for await (const server of this.proxies.compute.servers(query, options)) servers.push(server);
    return servers;
  }

  async getFlavorByRam(
    ram: number,
    { include }: FlavorByRamOptions = {},
    options: OpenStackCallOptions = {},
  ): Promise<compute.FlavorsItem> {
    const flavors: compute.FlavorsItem[] = [];
    for await (const flavor of this.proxies.compute.flavors({}, options)) flavors.push(flavor);
    flavors.sort((a, b) => Number(a.ram ?? 0) - Number(b.ram ?? 0));
    const found = flavors.find(
      (flavor) =>
        Number(flavor.ram ?? 0) >= ram && (include === undefined || (flavor.name ?? '').includes(include)),
    );
    if (found === undefined) {
      throw new ResourceNotFound(
        `no flavor has at least ${ram} MB of RAM${include === undefined ? '' : ` and ${JSON.stringify(include)} in its name`}`,
        { service: 'compute' },
      );
    }
    return found;
  }

  async #image(value: NameOrId, options: OpenStackCallOptions): Promise<string> {
    const id = idOf(value);
    if (id !== undefined) return id;
    const found = await this.proxies.image.findImage(nameOf(value), {}, options);
    if (found?.id === undefined)
      throw new ResourceNotFound(`no image is named or has the id ${JSON.stringify(value)}`, {
        service: 'image',
      });
    return found.id;
  }

  async #flavor(value: NameOrId, options: OpenStackCallOptions): Promise<string> {
    const id = idOf(value);
    if (id !== undefined) return id;
    const found = await this.proxies.compute.findFlavor(nameOf(value), {}, options);
    if (found?.id === undefined) {
      throw new ResourceNotFound(`no flavor is named or has the id ${JSON.stringify(value)}`, {
        service: 'compute',
      });
    }
    return found.id;
  }

  async #network(value: NameOrId, options: OpenStackCallOptions): Promise<string> {
    const id = idOf(value);
    if (id !== undefined) return id;
    const found = await this.proxies.network.findNetwork(nameOf(value), {}, options);
    if (found?.id === undefined) {
      throw new ResourceNotFound(`no network is named or has the id ${JSON.stringify(value)}`, {
        service: 'network',
      });
    }
    return found.id;
  }

  async createServer(
    params: CreateServerOptions,
    options: OpenStackCallOptions = {},
  ): Promise<compute.GetServerResult> {
    if (typeof params?.name !== 'string' || params.name === '') {
      throw new ParameterError('createServer: name must be a non-empty string');
    }
    if (params.flavor === undefined) throw new ParameterError('createServer: flavor is missing');
    const { compute: nova } = this.proxies;
    const [imageRef, flavorRef] = await Promise.all([
      params.image === undefined ? undefined : this.#image(params.image, options),
      this.#flavor(params.flavor, options),
    ]);
    let networks: compute.CreateServerBody['networks'];
    if (params.nics !== undefined) networks = params.nics;
    else if (params.network !== undefined) {
      const list = Array.isArray(params.network) ? params.network : [params.network as NameOrId];
      networks = await Promise.all(list.map(async (net) => ({ uuid: await this.#network(net, options) })));
    } else if (params.server?.networks === undefined) {
      networks = 'auto';
    }
    const userData =
      params.userData === undefined
        ? undefined
        : Buffer.from(params.userData as string | Uint8Array).toString('base64');
    const body = {
      ...params.server,
      name: params.name,
      flavorRef,
      ...(imageRef === undefined ? {} : { imageRef }),
      ...(networks === undefined ? {} : { networks }),
      ...(params.keyName === undefined ? {} : { key_name: params.keyName }),
      ...(params.securityGroups === undefined
        ? {}
        : { security_groups: params.securityGroups.map((name) => ({ name })) }),
      ...(params.metadata === undefined ? {} : { metadata: params.metadata }),
      ...(userData === undefined ? {} : { user_data: userData }),
      ...(params.availabilityZone === undefined ? {} : { availability_zone: params.availabilityZone }),
    } as compute.CreateServerBody;
    const created = (await nova.createServer(body, options)) as { id?: string };
    if (typeof created.id !== 'string')
      throw new ParameterError('createServer: Nova answered without a server id');
    if (params.wait !== true) return nova.getServer(created.id, options);
    const waitOptions = {
      status: 'ACTIVE',
      timeout: params.timeout ?? 180_000,
      ...(params.interval === undefined ? {} : { interval: params.interval }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    };
    let server = await nova.waitForServer(created.id, waitOptions);
    if (params.autoIp !== false) server = await this.#addFloatingIp(server, options);
    return server;
  }

  /** openstacksdk's `add_ips_to_server` for the common case: a floating IP on the first external network. */
  async #addFloatingIp(
    server: compute.GetServerResult,
    options: OpenStackCallOptions,
  ): Promise<compute.GetServerResult> {
    const addresses = (server.addresses ?? {}) as Record<string, { 'OS-EXT-IPS:type'?: string }[]>;
    const externals: network.NetworksItem[] = [];
    for await (const net of this.proxies.network.networks(
      { 'router:external': true } as network.NetworksQuery,
      options,
    )) {
      externals.push(net);
    }
    const floating = Object.values(addresses).some((list) =>
      (list ?? []).some((address) => address['OS-EXT-IPS:type'] === 'floating'),
    );
    const onExternal = externals.some(
      (net) => net.name !== undefined && net.name !== null && net.name in addresses,
    );
    const external = externals[0];
    if (floating || onExternal || external?.id === undefined || server.id === undefined) return server;
    let port: network.PortsItem | undefined;
    for await (const each of this.proxies.network.ports(
      { device_id: server.id } as network.PortsQuery,
      options,
    )) {
      port = each;
      break;
    }
    if (port?.id === undefined) return server;
    await this.proxies.network.createFloatingip(
      { floating_network_id: external.id, port_id: port.id } as network.CreateFloatingipBody,
      options,
    );
    return this.proxies.compute.getServer(server.id, options);
  }

  async deleteServer(
    nameOrId: NameOrId,
    params: DeleteServerOptions = {},
    options: OpenStackCallOptions = {},
  ): Promise<boolean> {
    const { compute: nova } = this.proxies;
    const id = idOf(nameOrId) ?? (await nova.findServer(nameOf(nameOrId), {}, options))?.id;
    if (id === undefined) return false;
    await nova.deleteServer(id, options);
    if (params.wait === true) {
      await nova.waitForDelete(id, {
        timeout: params.timeout ?? 180_000,
        ...(params.interval === undefined ? {} : { interval: params.interval }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    }
    return true;
  }

  async createImage(
    params: CreateImageOptions,
    options: OpenStackCallOptions = {},
  ): Promise<image.GetImageResult> {
    if (typeof params?.name !== 'string' || params.name === '') {
      throw new ParameterError('createImage: name must be a non-empty string');
    }
    if ((params.filename === undefined) === (params.data === undefined)) {
      throw new ParameterError('createImage: give filename or data (one of them)');
    }
    let body: BinaryBody | (() => BinaryBody);
    if (params.filename !== undefined) {
      const filename = params.filename;
      const info = await stat(filename).catch((cause: unknown) => {
        throw new ParameterError(`createImage: cannot read ${filename}`, { cause });
      });
      if (!info.isFile()) throw new ParameterError(`createImage: ${filename} is not a file`);
      body = () => createReadStream(filename);
    } else {
      body = params.data as BinaryBody;
    }
    const extension = params.filename?.split('.').pop()?.toLowerCase();
    const diskFormat =
      params.diskFormat ?? (extension !== undefined && DISK_FORMATS.has(extension) ? extension : 'qcow2');
    const { image: glance } = this.proxies;
    const created = await glance.createImage(
      {
        ...params.properties,
        name: params.name,
        disk_format: diskFormat,
        container_format: params.containerFormat ?? 'bare',
        ...(params.visibility === undefined ? {} : { visibility: params.visibility }),
        ...(params.minDisk === undefined ? {} : { min_disk: params.minDisk }),
        ...(params.minRam === undefined ? {} : { min_ram: params.minRam }),
        ...(params.tags === undefined ? {} : { tags: [...params.tags] }),
        ...(params.protected === undefined ? {} : { protected: params.protected }),
      } as image.CreateImageBody,
      options,
    );
    const id = (created as { id?: string }).id;
    if (typeof id !== 'string') throw new ParameterError('createImage: Glance answered without an image id');
    try {
      // A factory lets the one re-send after a 401 read the file again.
      await (
        glance.uploadImageFile as (
          id: string,
          body: unknown,
          headers?: unknown,
          o?: OpenStackCallOptions,
        ) => Promise<void>
      )(id, body, undefined, options);
    } catch (error) {
      // openstacksdk deletes the half-made image; so do we, keeping the upload's error.
      await glance
        .deleteImage(id, { ...(options.signal === undefined ? {} : { signal: options.signal }) })
        .catch(() => {});
      throw error;
    }
    if (params.wait !== true) return glance.getImage(id, options);
    return glance.waitForStatus(id, {
      status: 'active',
      failures: ['killed', 'deleted', 'deactivated'],
      timeout: params.timeout ?? 3_600_000,
      ...(params.interval === undefined ? {} : { interval: params.interval }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      fetch: (imageId, o) => glance.getImage(imageId, o),
    });
  }

  async downloadImage(
    nameOrId: NameOrId,
    target: DownloadImageOptions,
    options: OpenStackCallOptions = {},
  ): Promise<{ id: string; bytes: number }> {
    const id = await this.#image(nameOrId, options);
    const data = await this.proxies.image.downloadImageFile(id, {}, options);
    let bytes = 0;
    const counted = (async function* () {
      for await (const chunk of data) {
        bytes += chunk.length;
        yield chunk;
      }
    })();
    if ('filename' in target) await pipeline(counted, createWriteStream(target.filename));
    else if ('stream' in target) await pipeline(counted, target.stream);
    else throw new ParameterError('downloadImage: give a filename or a stream to write to');
    return { id, bytes };
  }
}
