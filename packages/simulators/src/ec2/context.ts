/** What every EC2 action works with. */
import type { Timers } from '../timers.js';
import type { Args } from './args.js';
import type { Cloud } from './state.js';
import type { ActionResult } from './xml.js';

export interface Ec2Context {
  readonly cloud: Cloud;
  /** Timed transitions (pending → running…), cancelled with the simulator. */
  readonly timers: Timers;
  readonly transitionMs: number;
  readonly now: () => Date;
  /** The region `DescribeRegions` names. */
  readonly region: string;
  /** The endpoint `DescribeRegions` gives for it (the simulator's own). */
  readonly endpoint: () => string;
  readonly instanceTypes: readonly string[];
}

/** One action: its parsed arguments in, what ec2-api would render out (or an `Ec2Fault` thrown). */
export type Action = (context: Ec2Context, args: Args) => ActionResult;

/** Schedules `apply` after the transition time, unless `epoch()` moved on in between. */
export function after(context: Ec2Context, epoch: () => number, apply: () => void): void {
  const scheduled = epoch();
  context.timers.after(context.transitionMs, () => {
    if (epoch() !== scheduled) return;
    apply();
    context.cloud.changed();
  });
}
