/** `GET /ovirt-engine/api`: links to the collections, product information, special objects, summary. */
import type { SimulatorResponse } from '../types.js';
import type { RouteRequest } from './context.js';
import { BLANK_TEMPLATE } from './model.js';
import { ENGINE_VERSION } from './render.js';
import { el, hrefOf, leaf, link, ref, xmlResponse } from './xml-out.js';

/** Collections the root links to, each also with a `<segment>/search` link (all of them take `search`). */
export const ROOT_SEGMENTS: readonly string[] = [
  'clusters',
  'datacenters',
  'disks',
  'hosts',
  'jobs',
  'templates',
  'vms',
];

export function apiRoot(route: RouteRequest): SimulatorResponse {
  const { state } = route;
  const links = ROOT_SEGMENTS.flatMap((segment) => [
    link(segment, hrefOf(segment)),
    link(`${segment}/search`, `${hrefOf(segment)}?search={query}`),
  ]);
  const { major, minor, build, revision } = ENGINE_VERSION;
  const vms = state.vms.list();
  return xmlResponse(
    200,
    el(
      'api',
      undefined,
      ...links,
      el(
        'product_info',
        undefined,
        leaf('instance_id', '00000000-0000-4000-8000-00000000cafe'),
        leaf('name', 'oVirt Engine'),
        leaf('vendor', 'ovirt.org'),
        el(
          'version',
          undefined,
          leaf('build', build),
          leaf('full_version', `${major}.${minor}.${build}-1.el9 (overcast simulator)`),
          leaf('major', major),
          leaf('minor', minor),
          leaf('revision', revision),
        ),
      ),
      el('special_objects', undefined, ref('blank_template', ['templates', BLANK_TEMPLATE.id])),
      el(
        'summary',
        undefined,
        el('hosts', undefined, leaf('active', state.hosts.size), leaf('total', state.hosts.size)),
        el(
          'vms',
          undefined,
          leaf('active', vms.filter((vm) => vm.status !== 'down').length),
          leaf('total', vms.length),
        ),
      ),
      leaf('time', route.now().toISOString()),
    ),
  );
}
