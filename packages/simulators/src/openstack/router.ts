/**
 * Routing by path template. Each service declares its routes as the pinned specs spell their
 * paths (`/v2.1/servers/{id}`, `/v3/{project_id}/volumes/detail`); a request is matched to one
 * route, and `requests` counts it as `METHOD /<service><template>`.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { SimulatorRequest, SimulatorResponse } from '../types.js';

/** What a route handler sees. */
export interface Call<Region, Auth> {
  request: SimulatorRequest;
  /** Decoded path parameters, by the template's names. */
  params: Record<string, string>;
  /** `http://host:port` as the client addressed it. */
  origin: string;
  /** Where this service is served for this region, e.g. `http://127.0.0.1:5000/RegionTwo/compute`. */
  base: string;
  region: Region;
  /** The validated token, for routes that need one. */
  auth: Auth;
  /** The negotiated microversion `[major, minor]` (compute and block storage). */
  version: readonly [number, number];
  /** Headers to add to the answer (microversion echo, request id). */
  headers: OutgoingHttpHeaders;
}

export interface Route<Region, Auth> {
  method: string;
  /** The path below the service prefix, e.g. `/v2.1/servers/{id}`. */
  template: string;
  /** False for version documents and `POST /v3/auth/tokens`. Default true. */
  auth?: boolean;
  handle(call: Call<Region, Auth>): SimulatorResponse | Promise<SimulatorResponse>;
}

interface Compiled<Region, Auth> extends Route<Region, Auth> {
  pattern: RegExp;
  names: string[];
}

export interface Matched<Region, Auth> {
  route: Route<Region, Auth>;
  params: Record<string, string>;
}

/** The routes of one service, matched in the order given (literal routes before `{id}` ones). */
export class RouteTable<Region, Auth> {
  readonly #routes: Compiled<Region, Auth>[];

  constructor(routes: readonly Route<Region, Auth>[]) {
    this.#routes = routes.map((route) => {
      const names: string[] = [];
      const source = route.template
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const name = /^\{([^}]+)\}$/.exec(part)?.[1];
          if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(name);
          return '([^/]+)';
        })
        .join('');
      return { ...route, pattern: new RegExp(`^${source}$`), names };
    });
  }

  /**
   * The route for `method` and `path` (below the service prefix): `undefined` when no template
   * matches the path, `'method'` when one does but not for this method.
   */
  match(method: string, path: string): Matched<Region, Auth> | 'method' | undefined {
    let pathMatched = false;
    const wanted = method === 'HEAD' ? ['HEAD', 'GET'] : [method];
    for (const candidate of wanted) {
      for (const route of this.#routes) {
        const found = route.pattern.exec(path);
        if (!found) continue;
        pathMatched = true;
        if (route.method !== candidate) continue;
        const params: Record<string, string> = {};
        try {
          route.names.forEach((name, index) => {
            params[name] = decodeURIComponent(found[index + 1] as string);
          });
        } catch {
          return undefined; // malformed percent-encoding: no such resource
        }
        return { route, params };
      }
    }
    return pathMatched ? 'method' : undefined;
  }
}
