/**
 * The engine's front door: the SSO endpoints, the bearer check and `Version` header on
 * `/ovirt-engine/api/**`, routing to the collections, and faults written as `<fault>` documents.
 */
import type { SimulatorHandler, SimulatorRequest, SimulatorResponse } from '../types.js';
import { apiRoot, ROOT_SEGMENTS } from './api-root.js';
import { catalogRoute, isCatalogSegment } from './catalog.js';
import type { EngineContext, RouteRequest } from './context.js';
import { API_PATH, SSO_LOGOUT_PATH, SSO_TOKEN_PATH } from './paths.js';
import { type SsoService, unauthorized } from './sso.js';
import { diskAttachmentsRoute, nicsRoute } from './vm-devices.js';
import { vmsRoute } from './vms.js';
import { EngineFault } from './xml-out.js';

export function engineHandler(sso: SsoService, context: EngineContext): SimulatorHandler {
  return (request) => {
    if (request.path === SSO_TOKEN_PATH) return sso.token(request);
    if (request.path === SSO_LOGOUT_PATH) return sso.logout(request);
    const segments = apiSegments(request.path);
    if (segments === undefined) return { status: 404 };
    if (sso.userOf(request) === undefined) return unauthorized();
    try {
      checkVersion(request);
      return (
        dispatch({ ...context, request }, segments) ?? {
          status: ROOT_SEGMENTS.includes(segments[0] ?? '') ? 405 : 404,
        }
      );
    } catch (error) {
      if (error instanceof EngineFault) return error.toResponse();
      throw error;
    }
  };
}

/** The decoded path segments below `/ovirt-engine/api`, or undefined for any other path. */
function apiSegments(path: string): string[] | undefined {
  if (path !== API_PATH && !path.startsWith(`${API_PATH}/`)) return undefined;
  try {
    return path
      .slice(API_PATH.length)
      .split('/')
      .filter((segment) => segment !== '')
      .map(decodeURIComponent);
  } catch {
    return undefined; // malformed percent-encoding: no such resource
  }
}

/** Only version 4 of the API exists since engine 4.3; a request may omit the header. */
function checkVersion(request: SimulatorRequest): void {
  const version = request.headers.version;
  if (version === undefined || (typeof version === 'string' && version.trim() === '4')) return;
  throw new EngineFault(
    400,
    'Operation Failed',
    `Version '${String(version)}' isn't supported, only version 4 is.`,
  );
}

function dispatch(route: RouteRequest, segments: string[]): SimulatorResponse | undefined {
  const [collection, id, sub, subId, ...rest] = segments;
  if (collection === undefined) return route.request.method === 'GET' ? apiRoot(route) : undefined;
  if (rest.length > 0) return undefined;
  if (isCatalogSegment(collection))
    return sub === undefined ? catalogRoute(route, collection, id) : undefined;
  if (collection !== 'vms') return undefined;
  if (id !== undefined && sub === 'diskattachments') return diskAttachmentsRoute(route, id, subId);
  if (id !== undefined && sub === 'nics') return nicsRoute(route, id, subId);
  return subId === undefined ? vmsRoute(route, id, sub) : undefined;
}
