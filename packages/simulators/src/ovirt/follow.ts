/**
 * The `follow` query parameter on VMs: comma-separated member paths in tag form
 * (`?follow=disk_attachments.disk,nics`) whose objects the answer carries in full.
 */
import type { XmlBuildElement } from '@overcast/runtime/xml';
import type { NotFound } from '../store.js';
import type { RouteRequest } from './context.js';
import { found, type VmRecord } from './model.js';
import {
  renderCluster,
  renderDisk,
  renderDiskAttachment,
  renderHost,
  renderNic,
  renderTemplate,
  type VmInline,
} from './render.js';
import { EngineFault } from './xml-out.js';

const FOLLOWABLE = [
  'cluster',
  'disk_attachments',
  'disk_attachments.disk',
  'host',
  'nics',
  'template',
] as const;
type Followable = (typeof FOLLOWABLE)[number];

/** What to inline into each VM, from the request's `follow`; a 400 fault for a path VMs do not have. */
export function vmInliner(route: RouteRequest): (vm: VmRecord) => VmInline {
  const paths = parseFollow(route.request.query.get('follow'));
  if (paths.size === 0) return () => ({});
  const { state } = route;
  return (vm) => {
    const inline: VmInline = {};
    if (paths.has('disk_attachments') || paths.has('disk_attachments.disk')) {
      inline.diskAttachments = state.diskAttachments
        .list((a) => a.vmId === vm.id)
        .map((attachment) => renderDiskAttachment(attachment, followDisk(route, attachment.diskId, paths)));
    }
    if (paths.has('nics')) inline.nics = state.nics.list((n) => n.vmId === vm.id).map(renderNic);
    if (paths.has('cluster')) inline.cluster = optional(state.clusters.get(vm.clusterId), renderCluster);
    if (paths.has('template')) inline.template = optional(state.template(vm.templateId), renderTemplate);
    if (paths.has('host') && vm.hostId !== undefined)
      inline.host = optional(state.hosts.get(vm.hostId), renderHost);
    return inline;
  };
}

function parseFollow(value: string | null): Set<Followable> {
  const paths = new Set<Followable>();
  for (const path of (value ?? '').split(',').map((part) => part.trim())) {
    if (path === '') continue;
    if (!isFollowable(path)) {
      throw new EngineFault(
        400,
        'Operation Failed',
        `[Cannot follow '${path}': VMs can follow ${FOLLOWABLE.join(', ')}.]`,
      );
    }
    paths.add(path);
  }
  return paths;
}

function followDisk(
  route: RouteRequest,
  diskId: string,
  paths: Set<Followable>,
): XmlBuildElement | undefined {
  return paths.has('disk_attachments.disk') ? optional(route.state.disks.get(diskId), renderDisk) : undefined;
}

function optional<T>(item: T | NotFound, render: (item: T) => XmlBuildElement): XmlBuildElement | undefined {
  return found(item) ? render(item) : undefined;
}

function isFollowable(path: string): path is Followable {
  return (FOLLOWABLE as readonly string[]).includes(path);
}
