/**
 * How IR names become TypeScript and wire names: type and class names, properties, XML tags (the
 * model's `SchemaNames` rules with their exception table), plurals, and URL segments.
 */
import { camelCase, pascalCase, safeIdentifier } from '@overcast/generator-core';
import type { MethodIr } from './ir.js';

/** Upstream `SchemaNames.TAG_NAME_EXCEPTIONS`: the server's XML uses these tags. */
const TAG_EXCEPTIONS: Record<string, string> = {
  gluster_brick: 'brick',
  gluster_bricks: 'bricks',
  gluster_brick_memory_info: 'brick_memoryinfo',
  gluster_memory_pool: 'memory_pool',
  gluster_memory_pools: 'memory_pools',
  gluster_server_hook: 'server_hook',
  gluster_server_hooks: 'server_hooks',
  migration_options: 'migration',
  numa_node: 'host_numa_node',
  numa_nodes: 'host_numa_nodes',
  open_stack_image: 'openstack_image',
  open_stack_image_provider: 'openstack_image_provider',
  open_stack_image_providers: 'openstack_image_providers',
  open_stack_images: 'openstack_images',
  open_stack_network: 'openstack_network',
  open_stack_network_provider: 'openstack_network_provider',
  open_stack_network_providers: 'openstack_network_providers',
  open_stack_networks: 'openstack_networks',
  open_stack_subnet: 'openstack_subnet',
  open_stack_subnets: 'openstack_subnets',
  open_stack_volume: 'openstack_volume',
  open_stack_volume_provider: 'openstack_volume_provider',
  open_stack_volume_providers: 'openstack_volume_providers',
  open_stack_volumes: 'openstack_volumes',
  operating_system: 'os',
  operating_systems: 'oss',
  operating_system_info: 'operating_system',
  operating_system_infos: 'operation_systems',
  transparent_huge_pages: 'transparent_hugepages',
  virtual_numa_node: 'vm_numa_node',
  virtual_numa_nodes: 'vm_numa_nodes',
};

/** The XML tag of a type or member name. */
export function tagName(name: string): string {
  return TAG_EXCEPTIONS[name] ?? name;
}

/** Upstream `Words.getPlural`, on the last word. */
export function plural(name: string): string {
  const irregular: Record<string, string> = { display: 'displays', erratum: 'errata', key: 'keys' };
  const words = name.split('_');
  const last = words.pop() ?? '';
  const pluralLast = irregular[last] ?? (last.endsWith('y') ? `${last.slice(0, -1)}ies` : `${last}s`);
  return [...words, pluralLast].join('_');
}

/** Upstream `Words.getSingular`, on the last word. */
export function singular(name: string): string {
  const words = name.split('_');
  const last = words.pop() ?? '';
  const singularLast =
    last === 'errata'
      ? 'erratum'
      : last.endsWith('ies')
        ? `${last.slice(0, -3)}y`
        : last.endsWith('s')
          ? last.slice(0, -1)
          : last;
  return [...words, singularLast].join('_');
}

/** A type's TypeScript name: `vm_status` → `VmStatus`. */
export function typeName(name: string): string {
  return safeIdentifier(pascalCase(name));
}

/** A member's or parameter's property: `disk_attachments` → `diskAttachments`. */
export function propertyName(name: string): string {
  return camelCase(name);
}

/** A service's class: `vms` → `VmsService`. */
export function serviceClass(name: string): string {
  return `${pascalCase(name)}Service`;
}

/** A URL segment (locator or action): the words joined, `disk_attachments` → `diskattachments`. */
export function segment(name: string): string {
  return name.replaceAll('_', '');
}

/** A method's TypeScript name: variants carry their base (`addFromScratch`, as Python's `add_from_scratch`). */
export function methodName(method: MethodIr): string {
  return camelCase(method.base === undefined ? method.name : `${method.base}_${method.name}`);
}
