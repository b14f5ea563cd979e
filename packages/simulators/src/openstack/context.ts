/** What every service's routes share: the cloud (identity, regions, clock, timers) and the caller. */
import type { Timers } from '../timers.js';
import type { IdentityState, TokenRecord } from './identity-state.js';
import type { RegionState } from './region.js';
import type { Call, Route } from './router.js';

/** The caller behind a validated `X-Auth-Token`. */
export interface Auth {
  token: TokenRecord;
  userId: string;
  /** The token's project (project-scoped tokens only). */
  projectId: string | undefined;
  /** The token carries the `admin` role. */
  admin: boolean;
}

export interface CloudContext {
  readonly identity: IdentityState;
  /** Region names, the first one served at the root, the others under `/<name>`. */
  readonly regionNames: readonly string[];
  /** `''` for the first region, `/<name>` for the others. */
  prefixOf(region: string): string;
  /** The simulator's base URL (`http://127.0.0.1:<port>`), once it listens. */
  url(): string;
  now(): Date;
  readonly timers: Timers;
  readonly transitionMs: number;
}

export type ServiceCall = Call<RegionState, Auth>;
export type ServiceRoute = Route<RegionState, Auth>;
