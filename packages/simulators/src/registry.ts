/**
 * The simulators `overcast-sim` can start, by provider name. Each provider simulator registers
 * itself once (see `providers.ts`); tests and users may register their own.
 */
import type { RunningSimulator, SimulatorOptions } from './server.js';

export interface SimulatorDefinition {
  /** One line for `overcast-sim --help`. */
  description: string;
  start(options: SimulatorOptions): Promise<RunningSimulator>;
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
