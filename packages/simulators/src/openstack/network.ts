/**
 * Neutron v2.0 under `/network`: version discovery, the resource list, extensions, networks,
 * subnets, ports, floating IPs and security groups, with Neutron's filters (any attribute,
 * repeated for OR), `fields`, `sort_key`/`sort_dir`, `limit`/`marker`/`page_reverse` and the
 * `<collection>_links` next/previous links. Errors are `{"NeutronError": {type, message, detail}}`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { SimulatorRequest, SimulatorResponse } from '../types.js';
import { allocate, defaultGateway, defaultPools, inCidr, parseCidr, parseIpv4 } from './addresses.js';
import {
  ApiFault,
  empty,
  isoSeconds,
  json,
  jsonBody,
  member,
  optionalString,
  parseBoolean,
  parseLimit,
  requiredString,
  stableUuid,
  Table,
} from './common.js';
import type { CloudContext, ServiceCall, ServiceRoute } from './context.js';

export interface NetworkRecord {
  id: string;
  name: string;
  projectId: string;
  adminStateUp: boolean;
  shared: boolean;
  external: boolean;
  mtu: number;
  description: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  revision: number;
  portSecurity: boolean;
  networkType: string;
  physicalNetwork: string | null;
  segmentationId: number | null;
  isDefault: boolean;
}

export interface SubnetRecord {
  id: string;
  name: string;
  networkId: string;
  projectId: string;
  ipVersion: 4 | 6;
  cidr: string;
  gatewayIp: string | null;
  allocationPools: { start: string; end: string }[];
  enableDhcp: boolean;
  dnsNameservers: string[];
  hostRoutes: { destination: string; nexthop: string }[];
  description: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  revision: number;
  ipv6RaMode: string | null;
  ipv6AddressMode: string | null;
}

export interface FixedIp {
  subnet_id: string;
  ip_address: string;
}

export interface PortRecord {
  id: string;
  name: string;
  networkId: string;
  projectId: string;
  macAddress: string;
  adminStateUp: boolean;
  status: string;
  deviceId: string;
  deviceOwner: string;
  fixedIps: FixedIp[];
  securityGroups: string[];
  description: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  revision: number;
  bindingHostId: string;
  bindingVnicType: string;
  portSecurity: boolean;
  allowedAddressPairs: { ip_address: string; mac_address: string }[];
}

export interface FloatingIpRecord {
  id: string;
  floatingIpAddress: string;
  floatingNetworkId: string;
  routerId: string | null;
  portId: string | null;
  fixedIpAddress: string | null;
  status: string;
  projectId: string;
  description: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  revision: number;
}

export interface SecurityGroupRecord {
  id: string;
  name: string;
  description: string;
  projectId: string;
  stateful: boolean;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  revision: number;
}

const EXTENSIONS: readonly [alias: string, name: string][] = [
  ['address-scope', 'Address scope'],
  ['agent', 'agent'],
  ['allowed-address-pairs', 'Allowed Address Pairs'],
  ['availability_zone', 'Availability Zone'],
  ['binding', 'Port Binding'],
  ['external-net', 'Neutron external network'],
  ['extra_dhcp_opt', 'Neutron Extra DHCP options'],
  ['fip-port-details', 'Floating IP Port Details Extension'],
  ['ip-substring-filtering', 'IP address substring filtering'],
  ['multi-provider', 'Multi Provider Network'],
  ['net-mtu', 'Network MTU'],
  ['network_availability_zone', 'Network Availability Zone'],
  ['pagination', 'Pagination support'],
  ['port-security', 'Port Security'],
  ['project-id', 'project_id field enabled'],
  ['provider', 'Provider Network'],
  ['quotas', 'Quota management support'],
  ['router', 'Neutron L3 Router'],
  ['security-group', 'security-group'],
  ['sorting', 'Sorting support'],
  ['standard-attr-description', 'standard-attr-description'],
  ['standard-attr-revisions', 'Resource revision numbers'],
  ['standard-attr-tag', 'Tag support for resources with standard attribute: port, subnet, network…'],
  ['standard-attr-timestamp', 'Resource timestamps'],
  ['subnet_allocation', 'Subnet Allocation'],
];

/** Neutron's error body. */
export function neutronFault(fault: ApiFault, _request: SimulatorRequest): SimulatorResponse {
  const type =
    fault.type ??
    {
      400: 'HTTPBadRequest',
      403: 'HTTPForbidden',
      404: 'HTTPNotFound',
      405: 'HTTPMethodNotAllowed',
      409: 'HTTPConflict',
    }[fault.status] ??
    'HTTPError';
  return json(fault.status, { NeutronError: { type, message: fault.message, detail: '' } }, fault.headers);
}

function macAddress(): string {
  const bytes = randomBytes(3);
  return `fa:16:3e:${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;
}

function badRequest(message: string): ApiFault {
  return new ApiFault(400, `Invalid input for operation: ${message}`, 'HTTPBadRequest');
}

export class NetworkState {
  readonly networks = new Table<NetworkRecord>();
  readonly subnets = new Table<SubnetRecord>();
  readonly ports = new Table<PortRecord>();
  readonly floatingIps = new Table<FloatingIpRecord>();
  readonly securityGroups = new Table<SecurityGroupRecord>();

  constructor(
    readonly region: string,
    private readonly now: () => Date,
  ) {}

  reset(projectId: string): void {
    for (const table of [this.networks, this.subnets, this.ports, this.floatingIps, this.securityGroups])
      table.clear();
    const time = isoSeconds(this.now());
    const network = (name: string, fields: Partial<NetworkRecord>) =>
      this.networks.add({
        id: stableUuid(`network:${this.region}:${name}`),
        name,
        projectId,
        adminStateUp: true,
        shared: false,
        external: false,
        mtu: 1450,
        description: '',
        tags: [],
        createdAt: time,
        updatedAt: time,
        revision: 1,
        portSecurity: true,
        networkType: 'geneve',
        physicalNetwork: null,
        segmentationId: 1,
        isDefault: false,
        ...fields,
      });
    const subnet = (name: string, networkId: string, cidrText: string) => {
      const cidr = parseCidr(cidrText) as NonNullable<ReturnType<typeof parseCidr>>;
      const gateway = defaultGateway(cidr);
      return this.subnets.add({
        id: stableUuid(`subnet:${this.region}:${name}`),
        name,
        networkId,
        projectId,
        ipVersion: 4,
        cidr: cidrText,
        gatewayIp: gateway,
        allocationPools: defaultPools(cidr, gateway),
        enableDhcp: true,
        dnsNameservers: [],
        hostRoutes: [],
        description: '',
        tags: [],
        createdAt: time,
        updatedAt: time,
        revision: 0,
        ipv6RaMode: null,
        ipv6AddressMode: null,
      });
    };
    const publicNet = network('public', {
      external: true,
      isDefault: true,
      mtu: 1500,
      networkType: 'flat',
      physicalNetwork: 'public',
      segmentationId: null,
    });
    subnet('public-subnet', publicNet.id, '172.24.4.0/24');
    const privateNet = network('private', { segmentationId: 2 });
    subnet('private-subnet', privateNet.id, '10.0.0.0/26');
    const sharedNet = network('shared', { shared: true, segmentationId: 3 });
    subnet('shared-subnet', sharedNet.id, '192.168.233.0/24');
    this.securityGroups.add({
      id: stableUuid(`security-group:${this.region}:default:${projectId}`),
      name: 'default',
      description: 'Default security group',
      projectId,
      stateful: true,
      tags: [],
      createdAt: time,
      updatedAt: time,
      revision: 1,
    });
  }

  /** Networks a project sees: its own, shared and external ones (an admin sees all). */
  visible(network: NetworkRecord, projectId: string | undefined, admin: boolean): boolean {
    return admin || network.projectId === projectId || network.shared || network.external;
  }

  /** Allocates an address on `subnet` (or the network's first IPv4 subnet), or throws Neutron's 409. */
  allocateIp(networkId: string, subnetId?: string, address?: string): FixedIp {
    const subnets = this.subnets.list(
      (s) => s.networkId === networkId && (subnetId === undefined || s.id === subnetId),
    );
    if (subnetId !== undefined && subnets.length === 0)
      throw new ApiFault(404, `Subnet ${subnetId} could not be found.`, 'SubnetNotFound');
    const used = new Set(
      this.ports
        .list((p) => p.networkId === networkId)
        .flatMap((p) => p.fixedIps.map((ip) => ip.ip_address))
        .concat(
          this.floatingIps.list((f) => f.floatingNetworkId === networkId).map((f) => f.floatingIpAddress),
        ),
    );
    if (address !== undefined) {
      const ip = parseIpv4(address);
      const owner = subnets.find((s) => {
        const cidr = parseCidr(s.cidr);
        return cidr !== undefined && ip !== undefined && inCidr(cidr, ip);
      });
      if (owner === undefined)
        throw badRequest(`IP address ${address} is not a valid IP for the specified subnet.`);
      if (used.has(address))
        throw new ApiFault(
          409,
          `IP address ${address} already allocated in subnet ${owner.id}`,
          'IpAddressAlreadyAllocated',
        );
      return { subnet_id: owner.id, ip_address: address };
    }
    for (const subnet of subnets) {
      if (subnet.ipVersion !== 4) continue;
      const free = allocate(subnet.allocationPools, used);
      if (free !== undefined) return { subnet_id: subnet.id, ip_address: free };
    }
    throw new ApiFault(
      409,
      `No more IP addresses available on network ${networkId}.`,
      'IpAddressGenerationFailure',
    );
  }

  /** A port for a server's NIC (Nova creates it); undefined when the network has no IPv4 subnet. */
  createPort(fields: {
    networkId: string;
    projectId: string;
    deviceId?: string;
    deviceOwner?: string;
    name?: string;
    fixedIps?: { subnet_id?: string; ip_address?: string }[];
    securityGroups?: string[];
    description?: string;
    adminStateUp?: boolean;
    status?: string;
  }): PortRecord {
    const time = isoSeconds(this.now());
    const requested = fields.fixedIps;
    const hasSubnets = this.subnets.find((s) => s.networkId === fields.networkId) !== undefined;
    const fixedIps: FixedIp[] = [];
    if (requested !== undefined) {
      for (const want of requested) {
        const ip = this.allocateIp(fields.networkId, want.subnet_id, want.ip_address);
        fixedIps.push(ip);
      }
    } else if (hasSubnets) {
      fixedIps.push(this.allocateIp(fields.networkId));
    }
    const defaultGroup = this.securityGroups.find(
      (g) => g.name === 'default' && g.projectId === fields.projectId,
    );
    return this.ports.add({
      id: randomUUID(),
      name: fields.name ?? '',
      networkId: fields.networkId,
      projectId: fields.projectId,
      macAddress: macAddress(),
      adminStateUp: fields.adminStateUp ?? true,
      status: fields.status ?? 'DOWN',
      deviceId: fields.deviceId ?? '',
      deviceOwner: fields.deviceOwner ?? '',
      fixedIps,
      securityGroups: fields.securityGroups ?? (defaultGroup ? [defaultGroup.id] : []),
      description: fields.description ?? '',
      tags: [],
      createdAt: time,
      updatedAt: time,
      revision: 1,
      bindingHostId: fields.deviceOwner?.startsWith('compute:') ? 'overcast-compute-1' : '',
      bindingVnicType: 'normal',
      portSecurity: true,
      allowedAddressPairs: [],
    });
  }

  /** Removes a port and dissociates the floating IPs on it. */
  deletePort(id: string): void {
    this.ports.delete(id);
    for (const fip of this.floatingIps.list((f) => f.portId === id)) {
      Object.assign(fip, { portId: null, fixedIpAddress: null, routerId: null, status: 'DOWN' });
    }
  }

  touch(record: { updatedAt: string; revision: number }): void {
    record.updatedAt = isoSeconds(this.now());
    record.revision += 1;
  }
}

function networkView(state: NetworkState, n: NetworkRecord) {
  return {
    id: n.id,
    name: n.name,
    tenant_id: n.projectId,
    project_id: n.projectId,
    admin_state_up: n.adminStateUp,
    mtu: n.mtu,
    status: 'ACTIVE',
    subnets: state.subnets.list((s) => s.networkId === n.id).map((s) => s.id),
    shared: n.shared,
    availability_zone_hints: [],
    availability_zones: ['nova'],
    ipv4_address_scope: null,
    ipv6_address_scope: null,
    'router:external': n.external,
    description: n.description,
    port_security_enabled: n.portSecurity,
    is_default: n.isDefault,
    qos_policy_id: null,
    l2_adjacency: true,
    tags: n.tags,
    created_at: n.createdAt,
    updated_at: n.updatedAt,
    revision_number: n.revision,
    'provider:network_type': n.networkType,
    'provider:physical_network': n.physicalNetwork,
    'provider:segmentation_id': n.segmentationId,
  };
}

function subnetView(s: SubnetRecord) {
  return {
    id: s.id,
    name: s.name,
    tenant_id: s.projectId,
    project_id: s.projectId,
    network_id: s.networkId,
    ip_version: s.ipVersion,
    subnetpool_id: null,
    enable_dhcp: s.enableDhcp,
    ipv6_ra_mode: s.ipv6RaMode,
    ipv6_address_mode: s.ipv6AddressMode,
    gateway_ip: s.gatewayIp,
    cidr: s.cidr,
    allocation_pools: s.allocationPools,
    host_routes: s.hostRoutes,
    dns_nameservers: s.dnsNameservers,
    description: s.description,
    service_types: [],
    tags: s.tags,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    revision_number: s.revision,
  };
}

function portView(p: PortRecord) {
  return {
    id: p.id,
    name: p.name,
    network_id: p.networkId,
    tenant_id: p.projectId,
    project_id: p.projectId,
    mac_address: p.macAddress,
    admin_state_up: p.adminStateUp,
    status: p.status,
    device_id: p.deviceId,
    device_owner: p.deviceOwner,
    fixed_ips: p.fixedIps,
    allowed_address_pairs: p.allowedAddressPairs,
    extra_dhcp_opts: [],
    security_groups: p.securityGroups,
    description: p.description,
    'binding:vnic_type': p.bindingVnicType,
    'binding:profile': {},
    'binding:host_id': p.bindingHostId,
    'binding:vif_type': p.bindingHostId === '' ? 'unbound' : 'ovs',
    'binding:vif_details': {},
    port_security_enabled: p.portSecurity,
    qos_policy_id: null,
    qos_network_policy_id: null,
    propagate_uplink_status: false,
    tags: p.tags,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    revision_number: p.revision,
  };
}

function floatingIpView(state: NetworkState, f: FloatingIpRecord) {
  const port = f.portId === null ? undefined : state.ports.get(f.portId);
  return {
    id: f.id,
    floating_ip_address: f.floatingIpAddress,
    floating_network_id: f.floatingNetworkId,
    router_id: f.routerId,
    port_id: f.portId,
    fixed_ip_address: f.fixedIpAddress,
    status: f.status,
    tenant_id: f.projectId,
    project_id: f.projectId,
    description: f.description,
    qos_policy_id: null,
    port_details:
      port === undefined
        ? null
        : {
            name: port.name,
            network_id: port.networkId,
            mac_address: port.macAddress,
            admin_state_up: port.adminStateUp,
            status: port.status,
            device_id: port.deviceId,
            device_owner: port.deviceOwner,
          },
    port_forwardings: [],
    tags: f.tags,
    created_at: f.createdAt,
    updated_at: f.updatedAt,
    revision_number: f.revision,
  };
}

function securityGroupView(g: SecurityGroupRecord) {
  const rule = (direction: string, ethertype: string) => ({
    id: stableUuid(`sg-rule:${g.id}:${direction}:${ethertype}`),
    security_group_id: g.id,
    direction,
    ethertype,
    protocol: null,
    port_range_min: null,
    port_range_max: null,
    remote_ip_prefix: null,
    remote_group_id: direction === 'ingress' ? g.id : null,
    tenant_id: g.projectId,
    project_id: g.projectId,
    description: null,
    created_at: g.createdAt,
    updated_at: g.updatedAt,
    revision_number: 0,
  });
  return {
    id: g.id,
    name: g.name,
    description: g.description,
    tenant_id: g.projectId,
    project_id: g.projectId,
    stateful: g.stateful,
    shared: false,
    security_group_rules: [
      rule('egress', 'IPv4'),
      rule('egress', 'IPv6'),
      rule('ingress', 'IPv4'),
      rule('ingress', 'IPv6'),
    ],
    tags: g.tags,
    created_at: g.createdAt,
    updated_at: g.updatedAt,
    revision_number: g.revision,
  };
}

const PAGING_PARAMS = new Set(['fields', 'sort_key', 'sort_dir', 'limit', 'marker', 'page_reverse']);
const TAG_PARAMS = new Set(['tags', 'tags-any', 'not-tags', 'not-tags-any']);

/** Whether a rendered value matches one filter value as Neutron converts it. */
function matches(value: unknown, wanted: string): boolean {
  if (typeof value === 'boolean') return parseBoolean(wanted) === value;
  if (value === null) return wanted === '' || wanted.toLowerCase() === 'none';
  if (Array.isArray(value)) return value.some((item) => matches(item, wanted));
  return String(value) === wanted;
}

/** Neutron's list answer: filters, tag filters, sorting, `limit`/`marker` paging, links, `fields`. */
function listAnswer(
  call: ServiceCall,
  collection: string,
  items: Record<string, unknown>[],
  path: string = collection,
): SimulatorResponse {
  const { query } = call.request;
  const filters = new Map<string, string[]>();
  for (const [key, value] of query) {
    if (PAGING_PARAMS.has(key) || TAG_PARAMS.has(key)) continue;
    filters.set(key, [...(filters.get(key) ?? []), value]);
  }
  let selected = items.filter((item) => {
    for (const [key, values] of filters) {
      if (key === 'fixed_ips') {
        const ips = (item.fixed_ips ?? []) as FixedIp[];
        const ok = values.every((condition) => {
          const [field, wanted] = condition.split('=', 2);
          return ips.some((ip) => String(ip[field as keyof FixedIp]) === wanted);
        });
        if (!ok) return false;
        continue;
      }
      if (!(key in item)) continue; // Neutron ignores filters on attributes it does not know
      if (!values.some((wanted) => matches(item[key], wanted))) return false;
    }
    const tags = (item.tags ?? []) as string[];
    const list = (name: string) =>
      query
        .getAll(name)
        .flatMap((v) => v.split(','))
        .filter((v) => v !== '');
    if (query.has('tags') && !list('tags').every((t) => tags.includes(t))) return false;
    if (query.has('tags-any') && !list('tags-any').some((t) => tags.includes(t))) return false;
    if (query.has('not-tags') && list('not-tags').every((t) => tags.includes(t))) return false;
    if (query.has('not-tags-any') && list('not-tags-any').some((t) => tags.includes(t))) return false;
    return true;
  });

  const sortKeys = query.getAll('sort_key');
  const sortDirs = query.getAll('sort_dir');
  const limitText = query.get('limit');
  const marker = query.get('marker');
  const paging = (limitText !== null && limitText !== '0') || marker !== null;
  if (sortKeys.length > 0 || paging) {
    const keys = sortKeys.map((key, index) => ({ key, desc: sortDirs[index] === 'desc' }));
    if (!sortKeys.includes('id')) keys.push({ key: 'id', desc: keys[0]?.desc ?? false });
    for (const { key } of keys) {
      if (items.length > 0 && !(key in (items[0] as object)))
        throw new ApiFault(400, `${key} is invalid attribute for sort_keys`, 'HTTPBadRequest');
    }
    selected = [...selected].sort((a, b) => {
      for (const { key, desc } of keys) {
        const x = a[key];
        const y = b[key];
        if (x === y) continue;
        const order = String(x ?? '') < String(y ?? '') ? -1 : 1;
        return desc ? -order : order;
      }
      return 0;
    });
  }

  const body: Record<string, unknown> = {};
  let page = selected;
  if (paging) {
    const limit =
      limitText === null || limitText === '0' ? Number.POSITIVE_INFINITY : parseLimit(limitText, 0, 10_000);
    const reverse = parseBoolean(query.get('page_reverse') ?? 'false') === true;
    let start = 0;
    let end = selected.length;
    if (marker !== null) {
      const index = selected.findIndex((item) => item.id === marker);
      if (index < 0) throw new ApiFault(404, `Marker ${marker} could not be found.`, 'HTTPNotFound');
      if (reverse) end = index;
      else start = index + 1;
    }
    page = reverse ? selected.slice(Math.max(start, end - limit), end) : selected.slice(start, start + limit);
    const links: { href: string; rel: string }[] = [];
    const link = (rel: string, markerId: string, backwards: boolean) => {
      const next = new URLSearchParams(query);
      if (Number.isFinite(limit)) next.set('limit', String(limit));
      next.set('marker', markerId);
      if (backwards) next.set('page_reverse', 'True');
      else next.delete('page_reverse');
      links.push({ href: `${call.base}/v2.0/${path}?${next.toString()}`, rel });
    };
    // Neutron's rule (get_pagination_links): with a limit, `next` unless a forward page came back
    // short, `previous` unless a reverse page came back short.
    const first = page[0]?.id as string | undefined;
    const last = page.at(-1)?.id as string | undefined;
    if (Number.isFinite(limit) && first !== undefined && last !== undefined) {
      if (!(page.length < limit && !reverse)) link('next', last, false);
      if (!(page.length < limit && reverse)) link('previous', first, true);
    }
    if (links.length > 0) body[`${collection}_links`] = links;
  }
  const fields = query.getAll('fields').flatMap((f) => f.split(','));
  const shown =
    fields.length === 0
      ? page
      : page.map((item) => Object.fromEntries(fields.filter((f) => f in item).map((f) => [f, item[f]])));
  return json(200, { [collection]: shown, ...body });
}

function booleanInput(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && parseBoolean(value) !== undefined) return parseBoolean(value) as boolean;
  throw badRequest(`'${String(value)}' is not a valid boolean value for ${field}`);
}

function tagList(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((t) => typeof t !== 'string'))
    throw badRequest('tags must be a list of strings');
  return value as string[];
}

export function networkRoutes(cloud: CloudContext): ServiceRoute[] {
  const projectOf = (call: ServiceCall, input: Record<string, unknown>) =>
    optionalString(input.project_id ?? input.tenant_id, 'project_id') ?? call.auth.projectId ?? '';
  const stateOf = (call: ServiceCall) => call.region.network;

  const network = (call: ServiceCall, id: string) => {
    const found = stateOf(call).networks.get(id);
    if (found === undefined || !stateOf(call).visible(found, call.auth.projectId, call.auth.admin))
      throw new ApiFault(404, `Network ${id} could not be found.`, 'NetworkNotFound');
    return found;
  };
  const owned = <T extends { projectId: string }>(
    call: ServiceCall,
    record: T | undefined,
    fault: ApiFault,
  ): T => {
    if (record === undefined) throw fault;
    if (!call.auth.admin && record.projectId !== call.auth.projectId) throw fault;
    return record;
  };
  const subnet = (call: ServiceCall, id: string) =>
    owned(
      call,
      stateOf(call).subnets.get(id),
      new ApiFault(404, `Subnet ${id} could not be found.`, 'SubnetNotFound'),
    );
  const port = (call: ServiceCall, id: string) =>
    owned(
      call,
      stateOf(call).ports.get(id),
      new ApiFault(404, `Port ${id} could not be found.`, 'PortNotFound'),
    );
  const floatingIp = (call: ServiceCall, id: string) =>
    owned(
      call,
      stateOf(call).floatingIps.get(id),
      new ApiFault(404, `Floating IP ${id} could not be found`, 'FloatingIPNotFound'),
    );
  const mine =
    <T extends { projectId: string }>(call: ServiceCall) =>
    (record: T) =>
      call.auth.admin || record.projectId === call.auth.projectId;

  const versions = (call: ServiceCall) =>
    json(200, {
      versions: [{ status: 'CURRENT', id: 'v2.0', links: [{ href: `${call.base}/v2.0/`, rel: 'self' }] }],
    });
  const resources = (call: ServiceCall) =>
    json(200, {
      resources: [
        ['network', 'networks'],
        ['subnet', 'subnets'],
        ['port', 'ports'],
        ['floatingip', 'floatingips'],
        ['security_group', 'security-groups'],
      ].map(([name, collection]) => ({
        links: [{ href: `${call.base}/v2.0/${collection}`, rel: 'self' }],
        name,
        collection,
      })),
    });

  /** Associates a floating IP with a port (or dissociates it with `null`). */
  const associate = (call: ServiceCall, fip: FloatingIpRecord, portId: string | null, fixed?: string) => {
    const state = stateOf(call);
    if (portId === null) {
      Object.assign(fip, { portId: null, fixedIpAddress: null, routerId: null, status: 'DOWN' });
      return;
    }
    const target = port(call, portId);
    const address = fixed ?? target.fixedIps[0]?.ip_address;
    if (address === undefined) throw badRequest(`Port ${portId} does not have any IP addresses on it`);
    const taken = state.floatingIps.find(
      (f) => f.id !== fip.id && f.portId === portId && f.fixedIpAddress === address,
    );
    if (taken)
      throw new ApiFault(
        409,
        `Cannot associate floating IP ${fip.floatingIpAddress} (${fip.id}) with port ${portId} using fixed IP ${address}, as that fixed IP already has a floating IP on external network ${taken.floatingNetworkId}.`,
        'FloatingIPPortAlreadyAssociated',
      );
    Object.assign(fip, {
      portId,
      fixedIpAddress: address,
      routerId: stableUuid(`router:${state.region}:${target.networkId}`),
      status: 'ACTIVE',
    });
  };

  return [
    { method: 'GET', template: '', auth: false, handle: versions },
    { method: 'GET', template: '/', auth: false, handle: versions },
    { method: 'GET', template: '/v2.0', handle: resources },
    { method: 'GET', template: '/v2.0/', handle: resources },
    {
      method: 'GET',
      template: '/v2.0/extensions',
      handle: () =>
        json(200, {
          extensions: EXTENSIONS.map(([alias, name]) => ({
            alias,
            name,
            description: name,
            updated: '2013-01-20T00:00:00-00:00',
            links: [],
          })),
        }),
    },
    {
      method: 'GET',
      template: '/v2.0/extensions/{id}',
      handle: (call) => {
        const found = EXTENSIONS.find(([alias]) => alias === call.params.id);
        if (!found)
          throw new ApiFault(404, `Extension with alias ${call.params.id} does not exist`, 'HTTPNotFound');
        return json(200, {
          extension: {
            alias: found[0],
            name: found[1],
            description: found[1],
            updated: '2013-01-20T00:00:00-00:00',
            links: [],
          },
        });
      },
    },

    // Networks
    {
      method: 'GET',
      template: '/v2.0/networks',
      handle: (call) => {
        const state = stateOf(call);
        const items = state.networks
          .list((n) => state.visible(n, call.auth.projectId, call.auth.admin))
          .map((n) => networkView(state, n));
        return listAnswer(call, 'networks', items);
      },
    },
    {
      method: 'POST',
      template: '/v2.0/networks',
      handle: (call) => {
        const state = stateOf(call);
        const input = member(jsonBody(call.request), 'network');
        const time = isoSeconds(cloud.now());
        const created = state.networks.add({
          id: randomUUID(),
          name: optionalString(input.name, 'name') ?? '',
          projectId: projectOf(call, input),
          adminStateUp: booleanInput(input.admin_state_up, 'admin_state_up', true),
          shared: booleanInput(input.shared, 'shared', false),
          external: booleanInput(input['router:external'], 'router:external', false),
          mtu: typeof input.mtu === 'number' ? input.mtu : 1450,
          description: optionalString(input.description, 'description') ?? '',
          tags: tagList(input.tags),
          createdAt: time,
          updatedAt: time,
          revision: 1,
          portSecurity: booleanInput(input.port_security_enabled, 'port_security_enabled', true),
          networkType: optionalString(input['provider:network_type'], 'provider:network_type') ?? 'geneve',
          physicalNetwork:
            optionalString(input['provider:physical_network'], 'provider:physical_network') ?? null,
          segmentationId:
            typeof input['provider:segmentation_id'] === 'number'
              ? input['provider:segmentation_id']
              : state.networks.size + 10,
          isDefault: booleanInput(input.is_default, 'is_default', false),
        });
        return json(201, { network: networkView(state, created) });
      },
    },
    {
      method: 'GET',
      template: '/v2.0/networks/{network_id}',
      handle: (call) =>
        json(200, { network: networkView(stateOf(call), network(call, call.params.network_id as string)) }),
    },
    {
      method: 'PUT',
      template: '/v2.0/networks/{network_id}',
      handle: (call) => {
        const state = stateOf(call);
        const found = network(call, call.params.network_id as string);
        const input = member(jsonBody(call.request), 'network');
        if (input.name !== undefined) found.name = optionalString(input.name, 'name') ?? '';
        if (input.description !== undefined)
          found.description = optionalString(input.description, 'description') ?? '';
        if (input.admin_state_up !== undefined)
          found.adminStateUp = booleanInput(input.admin_state_up, 'admin_state_up', true);
        if (input.shared !== undefined) found.shared = booleanInput(input.shared, 'shared', false);
        if (input['router:external'] !== undefined)
          found.external = booleanInput(input['router:external'], 'router:external', false);
        if (typeof input.mtu === 'number') found.mtu = input.mtu;
        state.touch(found);
        return json(200, { network: networkView(state, found) });
      },
    },
    {
      method: 'DELETE',
      template: '/v2.0/networks/{network_id}',
      handle: (call) => {
        const state = stateOf(call);
        const found = network(call, call.params.network_id as string);
        const inUse = state.ports.find((p) => p.networkId === found.id && p.deviceOwner !== 'network:dhcp');
        if (inUse)
          throw new ApiFault(
            409,
            `Unable to complete operation on network ${found.id}. There are one or more ports still in use on the network.`,
            'NetworkInUse',
          );
        for (const s of state.subnets.list((s) => s.networkId === found.id)) state.subnets.delete(s.id);
        state.networks.delete(found.id);
        return empty(204);
      },
    },

    // Subnets
    {
      method: 'GET',
      template: '/v2.0/subnets',
      handle: (call) => {
        const state = stateOf(call);
        const items = state.subnets
          .list((s) => {
            const net = state.networks.get(s.networkId);
            return (
              call.auth.admin ||
              s.projectId === call.auth.projectId ||
              (net !== undefined && (net.shared || net.external))
            );
          })
          .map(subnetView);
        return listAnswer(call, 'subnets', items);
      },
    },
    {
      method: 'POST',
      template: '/v2.0/subnets',
      handle: (call) => {
        const state = stateOf(call);
        const input = member(jsonBody(call.request), 'subnet');
        const net = network(call, requiredString(input.network_id, 'network_id'));
        const ipVersion = input.ip_version === 6 || input.ip_version === '6' ? 6 : 4;
        const cidrText = requiredString(input.cidr, 'cidr');
        let gateway: string | null;
        let pools: { start: string; end: string }[];
        if (ipVersion === 4) {
          const cidr = parseCidr(cidrText);
          if (cidr === undefined) throw badRequest(`'${cidrText}' is not a valid IP subnet.`);
          for (const other of state.subnets.list((s) => s.networkId === net.id && s.ipVersion === 4)) {
            const existing = parseCidr(other.cidr);
            if (existing && (inCidr(existing, cidr.network) || inCidr(cidr, existing.network)))
              throw badRequest(
                `Requested subnet with cidr: ${cidrText} for network: ${net.id} overlaps with another subnet`,
              );
          }
          gateway =
            input.gateway_ip === null
              ? null
              : (optionalString(input.gateway_ip, 'gateway_ip') ?? defaultGateway(cidr));
          pools = Array.isArray(input.allocation_pools)
            ? (input.allocation_pools as { start: string; end: string }[])
            : defaultPools(cidr, gateway);
        } else {
          if (!/^[0-9a-f:]+\/\d{1,3}$/i.test(cidrText))
            throw badRequest(`'${cidrText}' is not a valid IP subnet.`);
          const prefix = cidrText.split('/')[0] as string;
          gateway =
            input.gateway_ip === null
              ? null
              : (optionalString(input.gateway_ip, 'gateway_ip') ?? `${prefix}1`);
          pools = [{ start: `${prefix}2`, end: `${prefix}ffff:ffff:ffff:ffff` }];
        }
        const time = isoSeconds(cloud.now());
        const created = state.subnets.add({
          id: randomUUID(),
          name: optionalString(input.name, 'name') ?? '',
          networkId: net.id,
          projectId: projectOf(call, input),
          ipVersion,
          cidr: cidrText,
          gatewayIp: gateway,
          allocationPools: pools,
          enableDhcp: booleanInput(input.enable_dhcp, 'enable_dhcp', true),
          dnsNameservers: Array.isArray(input.dns_nameservers) ? (input.dns_nameservers as string[]) : [],
          hostRoutes: Array.isArray(input.host_routes)
            ? (input.host_routes as { destination: string; nexthop: string }[])
            : [],
          description: optionalString(input.description, 'description') ?? '',
          tags: tagList(input.tags),
          createdAt: time,
          updatedAt: time,
          revision: 0,
          ipv6RaMode: optionalString(input.ipv6_ra_mode, 'ipv6_ra_mode') ?? null,
          ipv6AddressMode: optionalString(input.ipv6_address_mode, 'ipv6_address_mode') ?? null,
        });
        state.touch(net);
        return json(201, { subnet: subnetView(created) });
      },
    },
    {
      method: 'GET',
      template: '/v2.0/subnets/{subnet_id}',
      handle: (call) => json(200, { subnet: subnetView(subnet(call, call.params.subnet_id as string)) }),
    },
    {
      method: 'PUT',
      template: '/v2.0/subnets/{subnet_id}',
      handle: (call) => {
        const found = subnet(call, call.params.subnet_id as string);
        const input = member(jsonBody(call.request), 'subnet');
        if (input.name !== undefined) found.name = optionalString(input.name, 'name') ?? '';
        if (input.description !== undefined)
          found.description = optionalString(input.description, 'description') ?? '';
        if (input.enable_dhcp !== undefined)
          found.enableDhcp = booleanInput(input.enable_dhcp, 'enable_dhcp', true);
        if (Array.isArray(input.dns_nameservers)) found.dnsNameservers = input.dns_nameservers as string[];
        if (input.gateway_ip !== undefined)
          found.gatewayIp = optionalString(input.gateway_ip, 'gateway_ip') ?? null;
        stateOf(call).touch(found);
        return json(200, { subnet: subnetView(found) });
      },
    },
    {
      method: 'DELETE',
      template: '/v2.0/subnets/{subnet_id}',
      handle: (call) => {
        const state = stateOf(call);
        const found = subnet(call, call.params.subnet_id as string);
        if (state.ports.find((p) => p.fixedIps.some((ip) => ip.subnet_id === found.id)))
          throw new ApiFault(
            409,
            `Unable to complete operation on subnet ${found.id}: One or more ports have an IP allocation from this subnet.`,
            'SubnetInUse',
          );
        state.subnets.delete(found.id);
        return empty(204);
      },
    },

    // Ports
    {
      method: 'GET',
      template: '/v2.0/ports',
      handle: (call) => listAnswer(call, 'ports', stateOf(call).ports.list(mine(call)).map(portView)),
    },
    {
      method: 'POST',
      template: '/v2.0/ports',
      handle: (call) => {
        const state = stateOf(call);
        const input = member(jsonBody(call.request), 'port');
        const net = network(call, requiredString(input.network_id, 'network_id'));
        const created = state.createPort({
          networkId: net.id,
          projectId: projectOf(call, input),
          name: optionalString(input.name, 'name') ?? '',
          description: optionalString(input.description, 'description') ?? '',
          deviceId: optionalString(input.device_id, 'device_id') ?? '',
          deviceOwner: optionalString(input.device_owner, 'device_owner') ?? '',
          adminStateUp: booleanInput(input.admin_state_up, 'admin_state_up', true),
          ...(Array.isArray(input.fixed_ips) ? { fixedIps: input.fixed_ips as FixedIp[] } : {}),
          ...(Array.isArray(input.security_groups)
            ? { securityGroups: input.security_groups as string[] }
            : {}),
        });
        const record = state.ports.get(created.id) as PortRecord;
        record.tags = tagList(input.tags);
        if (typeof input.mac_address === 'string') record.macAddress = input.mac_address;
        return json(201, { port: portView(record) });
      },
    },
    {
      method: 'GET',
      template: '/v2.0/ports/{port_id}',
      handle: (call) => json(200, { port: portView(port(call, call.params.port_id as string)) }),
    },
    {
      method: 'PUT',
      template: '/v2.0/ports/{port_id}',
      handle: (call) => {
        const found = port(call, call.params.port_id as string);
        const input = member(jsonBody(call.request), 'port');
        if (input.name !== undefined) found.name = optionalString(input.name, 'name') ?? '';
        if (input.description !== undefined)
          found.description = optionalString(input.description, 'description') ?? '';
        if (input.admin_state_up !== undefined)
          found.adminStateUp = booleanInput(input.admin_state_up, 'admin_state_up', true);
        if (input.device_id !== undefined)
          found.deviceId = optionalString(input.device_id, 'device_id') ?? '';
        if (input.device_owner !== undefined)
          found.deviceOwner = optionalString(input.device_owner, 'device_owner') ?? '';
        if (Array.isArray(input.security_groups)) found.securityGroups = input.security_groups as string[];
        stateOf(call).touch(found);
        return json(200, { port: portView(found) });
      },
    },
    {
      method: 'DELETE',
      template: '/v2.0/ports/{port_id}',
      handle: (call) => {
        const found = port(call, call.params.port_id as string);
        stateOf(call).deletePort(found.id);
        return empty(204);
      },
    },

    // Floating IPs
    {
      method: 'GET',
      template: '/v2.0/floatingips',
      handle: (call) => {
        const state = stateOf(call);
        return listAnswer(
          call,
          'floatingips',
          state.floatingIps.list(mine(call)).map((f) => floatingIpView(state, f)),
        );
      },
    },
    {
      method: 'POST',
      template: '/v2.0/floatingips',
      handle: (call) => {
        const state = stateOf(call);
        const input = member(jsonBody(call.request), 'floatingip');
        const networkId = requiredString(input.floating_network_id, 'floating_network_id');
        const net = network(call, networkId);
        if (!net.external)
          throw new ApiFault(
            400,
            `Bad floatingip request: Network ${networkId} is not a valid external network.`,
            'BadRequest',
          );
        const requested = optionalString(input.floating_ip_address, 'floating_ip_address');
        const subnetId = optionalString(input.subnet_id, 'subnet_id');
        const ip = state.allocateIp(net.id, subnetId, requested);
        const time = isoSeconds(cloud.now());
        const created = state.floatingIps.add({
          id: randomUUID(),
          floatingIpAddress: ip.ip_address,
          floatingNetworkId: net.id,
          routerId: null,
          portId: null,
          fixedIpAddress: null,
          status: 'DOWN',
          projectId: projectOf(call, input),
          description: optionalString(input.description, 'description') ?? '',
          tags: tagList(input.tags),
          createdAt: time,
          updatedAt: time,
          revision: 0,
        });
        const portId = optionalString(input.port_id, 'port_id');
        if (portId !== undefined) {
          const record = state.floatingIps.get(created.id) as FloatingIpRecord;
          try {
            associate(call, record, portId, optionalString(input.fixed_ip_address, 'fixed_ip_address'));
          } catch (error) {
            state.floatingIps.delete(created.id);
            throw error;
          }
        }
        return json(201, {
          floatingip: floatingIpView(state, state.floatingIps.get(created.id) as FloatingIpRecord),
        });
      },
    },
    {
      method: 'GET',
      template: '/v2.0/floatingips/{id}',
      handle: (call) =>
        json(200, { floatingip: floatingIpView(stateOf(call), floatingIp(call, call.params.id as string)) }),
    },
    {
      method: 'PUT',
      template: '/v2.0/floatingips/{id}',
      handle: (call) => {
        const state = stateOf(call);
        const found = floatingIp(call, call.params.id as string);
        const input = member(jsonBody(call.request), 'floatingip');
        if ('port_id' in input) {
          associate(
            call,
            found,
            optionalString(input.port_id, 'port_id') ?? null,
            optionalString(input.fixed_ip_address, 'fixed_ip_address'),
          );
        }
        if (input.description !== undefined)
          found.description = optionalString(input.description, 'description') ?? '';
        state.touch(found);
        return json(200, { floatingip: floatingIpView(state, found) });
      },
    },
    {
      method: 'DELETE',
      template: '/v2.0/floatingips/{id}',
      handle: (call) => {
        const found = floatingIp(call, call.params.id as string);
        stateOf(call).floatingIps.delete(found.id);
        return empty(204);
      },
    },

    // Security groups (read-only)
    {
      method: 'GET',
      template: '/v2.0/security-groups',
      handle: (call) =>
        listAnswer(
          call,
          'security_groups',
          stateOf(call).securityGroups.list(mine(call)).map(securityGroupView),
          'security-groups',
        ),
    },
    {
      method: 'GET',
      template: '/v2.0/security-groups/{id}',
      handle: (call) => {
        const id = call.params.id as string;
        const found = owned(
          call,
          stateOf(call).securityGroups.get(id),
          new ApiFault(404, `Security group ${id} does not exist`, 'SecurityGroupNotFound'),
        );
        return json(200, { security_group: securityGroupView(found) });
      },
    },
  ];
}
