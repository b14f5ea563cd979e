/**
 * `/vms`: add from a template, list with `search`/`max`, get, update, remove, and the power actions
 * `start`, `stop`, `shutdown` and `suspend`, answered as `<action><status>complete</status>…`.
 */
import type { XmlElement } from '@overcast/runtime/xml';
import type { NotFound } from '../store.js';
import type { SimulatorResponse } from '../types.js';
import { type Listing, listAnswer, type RouteRequest, required } from './context.js';
import { vmInliner } from './follow.js';
import { byName, found, type VmRecord } from './model.js';
import { checkRemovable, type PowerAction } from './power.js';
import { renderVm, VM_ACTIONS } from './render.js';
import { idAt, integerAt, readBody, text } from './xml-in.js';
import {
  conflict,
  EngineFault,
  el,
  hrefOf,
  incomplete,
  leaf,
  notFound,
  ref,
  xmlResponse,
} from './xml-out.js';

function vmListing(route: RouteRequest): Listing<VmRecord> {
  const clusters = route.state.clusters.list();
  const templates = route.state.allTemplates();
  const hosts = route.state.hosts.list();
  const inline = vmInliner(route);
  return {
    plural: 'vms',
    render: (vm) => renderVm(vm, inline(vm)),
    searchable: ['id', 'name', 'description', 'status', 'cluster', 'template', 'host'],
    fields: (vm) => ({
      id: vm.id,
      name: vm.name,
      description: vm.description,
      status: vm.status,
      cluster: clusters.find((c) => c.id === vm.clusterId)?.name,
      template: templates.find((t) => t.id === vm.templateId)?.name,
      host: hosts.find((h) => h.id === vm.hostId)?.name,
    }),
  };
}

/** `/vms` and `/vms/{id}[/{action}]`; undefined when the path or method is not one of these. */
export function vmsRoute(
  route: RouteRequest,
  id: string | undefined,
  action: string | undefined,
): SimulatorResponse | undefined {
  const { method } = route.request;
  if (id === undefined) {
    if (method === 'GET') return listAnswer(route, vmListing(route), route.state.vms.list());
    if (method === 'POST') return addVm(route);
    return undefined;
  }
  if (action !== undefined) {
    return method === 'POST' && isPowerAction(action) ? powerAction(route, id, action) : undefined;
  }
  if (method === 'GET') {
    const vm = required(route.state.vms.get(id), id);
    return xmlResponse(200, renderVm(vm, vmInliner(route)(vm)));
  }
  if (method === 'PUT') return updateVm(route, id);
  if (method === 'DELETE') return removeVm(route, id);
  return undefined;
}

function isPowerAction(action: string): action is PowerAction {
  return (VM_ACTIONS as readonly string[]).includes(action);
}

function addVm(route: RouteRequest): SimulatorResponse {
  const body = readBody(route.request, 'vm');
  const name = text(body, 'name');
  const missing = [
    name ? undefined : 'name',
    hasReference(body, 'cluster') ? undefined : 'cluster.id|name',
    hasReference(body, 'template') ? undefined : 'template.id|name',
  ].filter((member) => member !== undefined);
  if (name === undefined || missing.length > 0) throw incomplete('Vm', missing.join(', '), 'add');
  const cluster = lookup(
    body,
    'cluster',
    'Cluster',
    (id) => route.state.clusters.get(id),
    (n) => byName(route.state.clusters, n),
  );
  const template = lookup(
    body,
    'template',
    'VmTemplate',
    (id) => route.state.template(id),
    (n) => route.state.allTemplates().find((t) => t.name === n),
  );
  refuseTakenName(route, name, 'add');
  const fields = {
    name,
    description: text(body, 'description') ?? '',
    status: 'image_locked',
    clusterId: cluster.id,
    templateId: template.id,
    memory: integerAt(body, 'memory') ?? template.memory,
    sockets: integerAt(body, 'cpu', 'topology', 'sockets') ?? 1,
    cores: integerAt(body, 'cpu', 'topology', 'cores') ?? template.cores,
    creationTime: route.now().toISOString(),
  } as const;
  const created = route.state.vms.insert((id) => ({ id, ...fields }));
  route.state.addDevicesFromTemplate(created, template);
  route.power.created(created, template.name);
  const vm = required(route.state.vms.get(created.id), created.id);
  return xmlResponse(201, renderVm(vm), { location: hrefOf('vms', vm.id) });
}

function updateVm(route: RouteRequest, id: string): SimulatorResponse {
  const current = required(route.state.vms.get(id), id);
  const body = readBody(route.request, 'vm');
  const name = text(body, 'name');
  if (name !== undefined && name !== current.name) {
    if (name === '')
      throw new EngineFault(400, 'Operation Failed', '[Cannot edit VM. The VM name must not be empty.]');
    refuseTakenName(route, name, 'edit');
  }
  const updated = route.state.vms.update(id, (vm) => ({
    ...vm,
    name: name ?? vm.name,
    description: text(body, 'description') ?? vm.description,
    memory: integerAt(body, 'memory') ?? vm.memory,
    sockets: integerAt(body, 'cpu', 'topology', 'sockets') ?? vm.sockets,
    cores: integerAt(body, 'cpu', 'topology', 'cores') ?? vm.cores,
  }));
  return xmlResponse(200, renderVm(required(updated, id)));
}

function removeVm(route: RouteRequest, id: string): SimulatorResponse {
  checkRemovable(required(route.state.vms.get(id), id));
  route.power.cancel(id);
  route.state.removeVm(id, route.request.query.get('detach_only')?.toLowerCase() === 'true');
  return { status: 200 };
}

function powerAction(route: RouteRequest, id: string, action: PowerAction): SimulatorResponse {
  const vm = required(route.state.vms.get(id), id);
  readBody(route.request, 'action', true);
  const job = route.power.act(vm, action);
  const now = required(route.state.vms.get(id), id);
  return xmlResponse(
    200,
    el('action', undefined, leaf('status', 'complete'), ref('job', ['jobs', job.id]), renderVm(now)),
  );
}

function hasReference(body: XmlElement, tag: string): boolean {
  return Boolean(idAt(body, tag) || text(body, tag, 'name'));
}

/** The object a body references by id or by name, or the engine's 404 naming what was not found. */
function lookup<T>(
  body: XmlElement,
  tag: string,
  typeName: string,
  byId: (id: string) => T | NotFound,
  byNameFn: (name: string) => T | undefined,
): T {
  const id = idAt(body, tag);
  if (id) {
    const item = byId(id);
    if (!found(item)) throw notFound(id);
    return item;
  }
  const name = text(body, tag, 'name') ?? '';
  const item = byNameFn(name);
  if (item === undefined)
    throw new EngineFault(404, 'Operation Failed', `Entity not found: ${typeName}: name=${name}`);
  return item;
}

function refuseTakenName(route: RouteRequest, name: string, verb: 'add' | 'edit'): void {
  if (byName(route.state.vms, name) !== undefined) {
    throw conflict(
      `Cannot ${verb} VM. The VM name is already in use, please choose a unique name and try again.`,
    );
  }
}
