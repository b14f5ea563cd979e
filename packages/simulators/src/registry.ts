/**
 * The simulators `overcast-sim` can start, by provider name. Each provider simulator registers
 * itself once (see `providers.ts`); tests and users may register their own.
 */
import type { RunningSimulator, SimulatorOptions } from './server.js';

/** What `overcast-sim` passes to a simulator's `start`. */
export interface SimulatorStartOptions extends SimulatorOptions {
  /** `--transition-ms`: the state-transition time of kit-built simulators. */
  transitionMs?: number;
  /** `--accept-unknown-commands`, for simulators that list that flag (CloudStack). */
  acceptUnknownCommands?: boolean;
}

export interface SimulatorDefinition {
  /** One line for `overcast-sim --help`. */
  description: string;
  /** Provider-specific `overcast-sim` flags it honours (e.g. `accept-unknown-commands`); others are refused. */
  flags?: readonly string[];
  /**
   * Starts it. A simulator built with the kit answers a `RunningProviderSimulator`, whose
   * `endpoint`, `apiPath` and `credentials` the command line prints.
   */
  start(options: SimulatorStartOptions): Promise<RunningSimulator>;
}

const simulators = new Map<string, SimulatorDefinition>();

/** Makes a simulator known by `name` (lower-case, digits and dashes). Throws if the name is taken. */
export function registerSimulator(name: string, definition: SimulatorDefinition): void {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) {
    throw new Error(`simulator name '${name}' must be lower-case letters, digits and dashes`);
  }
  if (simulators.has(name)) throw new Error(`a simulator named '${name}' is already registered`);
  simulators.set(name, definition);
}

/** The simulator registered as `name`, if any. */
export function findSimulator(name: string): SimulatorDefinition | undefined {
  return simulators.get(name);
}

/** Every registered simulator, sorted by name. */
export function listSimulators(): { name: string; description: string }[] {
  return [...simulators]
    .map(([name, { description }]) => ({ name, description }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
