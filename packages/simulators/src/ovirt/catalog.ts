/**
 * The objects clients mostly read: data centers, clusters, hosts, templates, disks and jobs, each
 * with a list (`search`, `max`) and a get by id.
 */
import type { SimulatorResponse } from '../types.js';
import { type Listing, listAnswer, type RouteRequest, required } from './context.js';
import type {
  ClusterRecord,
  DataCenterRecord,
  DiskRecord,
  EngineState,
  HostRecord,
  JobRecord,
  TemplateRecord,
} from './model.js';
import {
  renderCluster,
  renderDataCenter,
  renderDisk,
  renderHost,
  renderJob,
  renderTemplate,
} from './render.js';
import { xmlResponse } from './xml-out.js';

/** One kind's two routes, with its record type closed over. */
interface CatalogKind {
  list(route: RouteRequest): SimulatorResponse;
  get(route: RouteRequest, id: string): SimulatorResponse;
}

function kind<T extends { id: string }>(
  listing: Listing<T> & { all: (state: EngineState) => T[] },
): CatalogKind {
  return {
    list: (route) => listAnswer(route, listing, listing.all(route.state)),
    get: (route, id) => {
      const item = listing.all(route.state).find((candidate) => candidate.id === id);
      return xmlResponse(200, listing.render(required(item, id)));
    },
  };
}

/** By URL segment. */
const KINDS = {
  datacenters: kind<DataCenterRecord>({
    plural: 'data_centers',
    render: renderDataCenter,
    all: (state) => state.dataCenters.list(),
    searchable: ['id', 'name', 'description', 'status'],
    fields: ({ id, name, description }) => ({ id, name, description, status: 'up' }),
  }),
  clusters: kind<ClusterRecord>({
    plural: 'clusters',
    render: renderCluster,
    all: (state) => state.clusters.list(),
    searchable: ['id', 'name', 'description'],
    fields: ({ id, name, description }) => ({ id, name, description }),
  }),
  hosts: kind<HostRecord>({
    plural: 'hosts',
    render: renderHost,
    all: (state) => state.hosts.list(),
    searchable: ['id', 'name', 'address', 'status'],
    fields: ({ id, name, address }) => ({ id, name, address, status: 'up' }),
  }),
  templates: kind<TemplateRecord>({
    plural: 'templates',
    render: renderTemplate,
    all: (state) => state.allTemplates(),
    searchable: ['id', 'name', 'description', 'status'],
    fields: ({ id, name, description }) => ({ id, name, description, status: 'ok' }),
  }),
  disks: kind<DiskRecord>({
    plural: 'disks',
    render: renderDisk,
    all: (state) => state.disks.list(),
    searchable: ['id', 'name', 'alias', 'status', 'format'],
    fields: ({ id, name, status, format }) => ({ id, name, alias: name, status, format }),
  }),
  jobs: kind<JobRecord>({
    plural: 'jobs',
    render: renderJob,
    all: (state) => state.jobs.list(),
    searchable: ['id', 'description', 'status'],
    fields: ({ id, description, status }) => ({ id, description, status }),
  }),
} as const;

export type CatalogSegment = keyof typeof KINDS;

export function isCatalogSegment(segment: string): segment is CatalogSegment {
  return Object.hasOwn(KINDS, segment);
}

/** `GET /<kind>` and `GET /<kind>/<id>`; undefined for any other method or deeper path. */
export function catalogRoute(
  route: RouteRequest,
  segment: CatalogSegment,
  id: string | undefined,
): SimulatorResponse | undefined {
  if (route.request.method !== 'GET') return undefined;
  return id === undefined ? KINDS[segment].list(route) : KINDS[segment].get(route, id);
}
