/**
 * The simulator's front door: finds the region (`/RegionTwo/...` for every region after the
 * first) and the service (`/identity`, `/compute`, `/image`, `/network`, `/volume`), matches the
 * route, checks `X-Auth-Token` as keystonemiddleware does (401 with Keystone's JSON body),
 * negotiates the microversion, and writes faults in the service's format. Every answer carries
 * `x-openstack-request-id` (Nova and Cinder also `x-compute-request-id`).
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { SimulatorHandler, SimulatorRequest, SimulatorResponse } from '../types.js';
import { ApiFault, requestId } from './common.js';
import { computeRoutes } from './compute.js';
import type { Auth, CloudContext } from './context.js';
import { identityFault, identityRoutes, keystoneError } from './identity.js';
import { glanceFault, imageRoutes } from './image.js';
import {
  COMPUTE_VERSIONS,
  type MicroversionRange,
  negotiate,
  VOLUME_VERSIONS,
  versionHeaders,
} from './microversion.js';
import { networkRoutes, neutronFault } from './network.js';
import type { RegionState } from './region.js';
import { type Matched, RouteTable } from './router.js';
import { computeStyleFault, volumeRoutes } from './volume.js';

interface Service {
  prefix: string;
  /** Served once, at the root (Keystone), not per region. */
  global: boolean;
  table: RouteTable<RegionState, Auth>;
  fault(fault: ApiFault, request: SimulatorRequest): SimulatorResponse;
  microversion?: MicroversionRange;
  /** Which tokens the service takes: any valid one, or project-scoped (system too for `project-or-system`). */
  scope: 'any' | 'project' | 'project-or-system';
  /** Nova's and Cinder's older request-id header. */
  legacyRequestId?: boolean;
}

interface Resolved {
  service: Service;
  region: RegionState;
  regionPrefix: string;
  match: Matched<RegionState, Auth> | 'method' | undefined;
}

export interface OpenStackFrontDoor {
  handler: SimulatorHandler;
}

function buildServices(cloud: CloudContext): Service[] {
  return [
    {
      prefix: '/identity',
      global: true,
      table: new RouteTable(identityRoutes(cloud)),
      fault: identityFault,
      scope: 'any',
    },
    {
      prefix: '/compute',
      global: false,
      table: new RouteTable(computeRoutes(cloud)),
      fault: computeStyleFault,
      microversion: COMPUTE_VERSIONS,
      scope: 'project',
      legacyRequestId: true,
    },
    {
      prefix: '/image',
      global: false,
      table: new RouteTable(imageRoutes(cloud)),
      fault: glanceFault,
      scope: 'project-or-system',
    },
    {
      prefix: '/network',
      global: false,
      table: new RouteTable(networkRoutes(cloud)),
      fault: neutronFault,
      scope: 'project-or-system',
    },
    {
      prefix: '/volume',
      global: false,
      table: new RouteTable(volumeRoutes(cloud)),
      fault: computeStyleFault,
      microversion: VOLUME_VERSIONS,
      scope: 'project',
      legacyRequestId: true,
    },
  ];
}

/** The routes, for naming requests only: templates do not depend on any simulator's state. */
let namingServices: Service[] | undefined;

/**
 * What `requests` counts a request as: `METHOD /<service><template>` with the template as the
 * pinned spec writes it (`GET /compute/v2.1/servers/{id}`, `GET /volume/v3/{project_id}/volumes/detail`),
 * prefixed with `/<region>` for the regions after the first, and `(<action>)` appended for
 * `…/action` bodies (`POST /compute/v2.1/servers/{id}/action (os-stop)`). Undefined for a path no
 * route knows (the kit then counts `METHOD path`).
 */
export function operationOf(request: SimulatorRequest): string | undefined {
  namingServices ??= buildServices({} as CloudContext);
  const segments = request.path.split('/');
  const isService = (segment: string | undefined) => namingServices?.some((s) => s.prefix === `/${segment}`);
  const regionPrefix = !isService(segments[1]) && isService(segments[2]) ? `/${segments[1]}` : '';
  const rest = request.path.slice(regionPrefix.length);
  for (const service of namingServices) {
    if (rest !== service.prefix && !rest.startsWith(`${service.prefix}/`)) continue;
    if (service.global && regionPrefix !== '') return undefined;
    const match = service.table.match(request.method, rest.slice(service.prefix.length));
    if (match === undefined || match === 'method') return undefined;
    const { template } = match.route;
    const name = `${request.method} ${regionPrefix}${service.prefix}${template}`;
    return template.endsWith('/action') ? `${name} (${actionOf(request) ?? '?'})` : name;
  }
  return undefined;
}

export function frontDoor(
  cloud: CloudContext,
  regions: ReadonlyMap<string, RegionState>,
): OpenStackFrontDoor {
  const services = buildServices(cloud);
  const [firstRegion] = cloud.regionNames;
  const resolve = (request: SimulatorRequest): Resolved | undefined => {
    let regionName = firstRegion as string;
    let rest = request.path;
    for (const name of cloud.regionNames.slice(1)) {
      if (rest === `/${name}` || rest.startsWith(`/${name}/`)) {
        regionName = name;
        rest = rest.slice(name.length + 1);
        break;
      }
    }
    let found: Resolved | undefined;
    for (const service of services) {
      if (service.global && regionName !== firstRegion) continue;
      if (rest !== service.prefix && !rest.startsWith(`${service.prefix}/`)) continue;
      found = {
        service,
        region: regions.get(regionName) as RegionState,
        regionPrefix: cloud.prefixOf(regionName),
        match: service.table.match(request.method, rest.slice(service.prefix.length)),
      };
      break;
    }
    return found;
  };

  const authenticate = (request: SimulatorRequest): Auth | undefined => {
    const header = request.headers['x-auth-token'];
    const token = cloud.identity.valid(Array.isArray(header) ? header[0] : header);
    if (token === undefined) return undefined;
    return {
      token,
      userId: token.userId,
      projectId: token.scope.kind === 'project' ? token.scope.projectId : undefined,
      admin: cloud.identity.isAdmin(token),
    };
  };

  const handler: SimulatorHandler = async (request) => {
    const headers: OutgoingHttpHeaders = { 'x-openstack-request-id': requestId() };
    const found = resolve(request);
    if (found === undefined) {
      return withHeaders(
        {
          status: 404,
          headers: { 'content-type': 'text/plain; charset=UTF-8' },
          body: '404 Not Found\n\nThe resource could not be found.\n\n   ',
        },
        headers,
      );
    }
    const { service, region, regionPrefix, match } = found;
    if (service.legacyRequestId) headers['x-compute-request-id'] = headers['x-openstack-request-id'];
    try {
      if (match === undefined) throw new ApiFault(404, 'The resource could not be found.');
      if (match === 'method') throw new ApiFault(405, 'The method is not allowed for this resource.');
      const { route, params } = match;
      const secured = route.auth !== false;
      const auth = secured ? authenticate(request) : undefined;
      if (secured && auth === undefined) {
        const answer = keystoneError(401, 'The request you have made requires authentication.');
        return withHeaders(answer, {
          ...headers,
          'WWW-Authenticate': `Keystone uri="${cloud.url()}/identity"`,
        });
      }
      if (auth !== undefined) checkScope(service, auth);
      let version = service.microversion?.min ?? ([0, 0] as const);
      if (service.microversion && secured) {
        version = negotiate(request, service.microversion);
        Object.assign(headers, versionHeaders(service.microversion, version));
      }
      const origin = request.headers.host ? `http://${request.headers.host}` : cloud.url();
      const response = await route.handle({
        request,
        params,
        origin,
        base: `${origin}${regionPrefix}${service.prefix}`,
        region,
        auth: auth as Auth,
        version,
        headers,
      });
      return withHeaders(response, headers);
    } catch (error) {
      if (error instanceof ApiFault) return withHeaders(service.fault(error, request), headers);
      throw error;
    }
  };

  return { handler };
}

function checkScope(service: Service, auth: Auth): void {
  const kind = auth.token.scope.kind;
  if (
    service.scope === 'any' ||
    kind === 'project' ||
    (service.scope === 'project-or-system' && kind === 'system')
  )
    return;
  throw new ApiFault(403, 'A project-scoped token is required for this service.');
}

function withHeaders(response: SimulatorResponse, headers: OutgoingHttpHeaders): SimulatorResponse {
  return { ...response, headers: { ...headers, ...response.headers } };
}

/** The action of an `…/action` body: its only key (`{"os-start": null}` → `os-start`). */
function actionOf(request: SimulatorRequest): string | undefined {
  try {
    const body = JSON.parse(request.text) as unknown;
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) return Object.keys(body)[0];
  } catch {
    // not JSON: the handler answers 400
  }
  return undefined;
}
