#!/usr/bin/env node
/**
 * `overcast-sim <provider> [options]`: runs one registered simulator until SIGINT or SIGTERM.
 * Exit codes: 0 after a clean stop, 1 when the simulator cannot start, 2 for usage errors.
 */
import { parseArgs } from 'node:util';
import type { FaultRule } from './faults.js';
import type { RunningProviderSimulator } from './kit.js';
import './providers.js';
import { findSimulator, listSimulators } from './registry.js';
import type { RunningSimulator } from './server.js';
import type { SimulatorLogger } from './types.js';

const USAGE = `Usage: overcast-sim <provider> [options]

Runs a local simulator of a cloud's API until interrupted (Ctrl-C or SIGTERM).
Prints "overcast-sim: <provider> listening on <url>" once it accepts requests, then
what a client needs, one "  <name>: <value>" line each: endpoint, apiPath and the
credentials (e.g. apiKey and secret, session, username and password).

Options:
  --port <n>                 port to listen on (default 0: a free port)
  --host <address>           interface to listen on (default 127.0.0.1)
  --latency <ms>             delay every answer by <ms>, or by a random amount in <min>-<max>
  --transition-ms <ms>       how long each state transition takes (default 100)
  --fail-rate <p>            answer 503 to this fraction of requests (0 to 1)
  --drop-rate <p>            drop the connection of this fraction of requests (0 to 1)
  --trickle <bytes>/<ms>     send every answer's body <bytes> bytes every <ms> ms
  --seed <n>                 seed for the random choices above (default 1)
  --accept-unknown-commands  cloudstack: answer unmodelled commands instead of 432
  --verbose                  log every request to stderr
  -h, --help                 show this help`;

/** Flags only some providers honour; a provider lists those it takes in its definition's `flags`. */
const PROVIDER_FLAGS = ['accept-unknown-commands'] as const;

/** A mistake in the command line: reported with exit code 2. */
class UsageError extends Error {}

interface Command {
  provider: string | undefined;
  help: boolean;
  verbose: boolean;
  host: string;
  port: number;
  seed: number | undefined;
  latency: number | [number, number] | undefined;
  transitionMs: number | undefined;
  acceptUnknownCommands: boolean;
  rules: FaultRule[];
}

function parseCommand(argv: string[]): Command {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      latency: { type: 'string' },
      'transition-ms': { type: 'string' },
      'fail-rate': { type: 'string' },
      'drop-rate': { type: 'string' },
      trickle: { type: 'string' },
      seed: { type: 'string' },
      'accept-unknown-commands': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (positionals.length > 1) throw new UsageError(`expected one provider, got '${positionals.join(' ')}'`);

  const rules: FaultRule[] = [];
  if (values['fail-rate'] !== undefined) {
    rules.push({ kind: 'error', status: 503, probability: parseRate('fail-rate', values['fail-rate']) });
  }
  if (values['drop-rate'] !== undefined) {
    rules.push({ kind: 'drop', probability: parseRate('drop-rate', values['drop-rate']) });
  }
  if (values.trickle !== undefined) rules.push(parseTrickle(values.trickle));
  return {
    provider: positionals[0],
    help: values.help,
    verbose: values.verbose,
    host: values.host,
    port: parseNumber(
      'port',
      values.port,
      (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
      'a port number',
    ),
    seed:
      values.seed === undefined
        ? undefined
        : parseNumber('seed', values.seed, Number.isInteger, 'an integer'),
    latency: values.latency === undefined ? undefined : parseLatency(values.latency),
    transitionMs:
      values['transition-ms'] === undefined
        ? undefined
        : parseNumber(
            'transition-ms',
            values['transition-ms'],
            (n) => Number.isFinite(n) && n >= 0,
            'a number of milliseconds',
          ),
    acceptUnknownCommands: values['accept-unknown-commands'],
    rules,
  };
}

function parseNumber(
  flag: string,
  text: string,
  isValid: (value: number) => boolean,
  expected: string,
): number {
  const value = Number(text);
  if (text.trim() === '' || !isValid(value))
    throw new UsageError(`--${flag} must be ${expected}, got '${text}'`);
  return value;
}

function parseRate(flag: string, text: string): number {
  return parseNumber(flag, text, (n) => n >= 0 && n <= 1, 'a number from 0 to 1');
}

function parseLatency(text: string): number | [number, number] {
  const match = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/.exec(text);
  const min = Number(match?.[1]);
  const max = Number(match?.[2] ?? match?.[1]);
  if (!match || min > max) throw new UsageError(`--latency must be <ms> or <min>-<max>, got '${text}'`);
  return match[2] === undefined ? min : [min, max];
}

function parseTrickle(text: string): FaultRule {
  const match = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(text);
  const bytes = Number(match?.[1]);
  if (!match || bytes < 1) throw new UsageError(`--trickle must be <bytes>/<ms>, e.g. 16/100, got '${text}'`);
  return { kind: 'trickle', bytes, everyMs: Number(match[2]) };
}

/** The lines after "listening on": what a client needs, for simulators built with the kit. */
function describeClientSettings(simulator: RunningSimulator): string {
  if (!('endpoint' in simulator && 'credentials' in simulator)) return '';
  const { endpoint, apiPath, credentials } = simulator as RunningProviderSimulator;
  const settings: [string, unknown][] = [
    ['endpoint', endpoint],
    ['apiPath', apiPath],
    ...Object.entries(credentials),
  ];
  return settings.map(([name, value]) => `  ${name}: ${String(value)}\n`).join('');
}

function describeProviders(): string {
  const known = listSimulators();
  if (known.length === 0) return 'No providers are registered.';
  const width = Math.max(...known.map(({ name }) => name.length));
  return [
    'Providers:',
    ...known.map(({ name, description }) => `  ${name.padEnd(width)}  ${description}`),
  ].join('\n');
}

function waitForStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      // Only the first signal closes gracefully; a second one gets Node's default (immediate exit).
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

async function main(argv: string[]): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    // parseArgs reports unknown or malformed options as TypeErrors with a readable message.
    if (!(error instanceof UsageError || error instanceof TypeError)) throw error;
    process.stderr.write(`overcast-sim: ${error.message}\nRun 'overcast-sim --help' for usage.\n`);
    return 2;
  }
  if (command.help) {
    process.stdout.write(`${USAGE}\n\n${describeProviders()}\n`);
    return 0;
  }
  if (command.provider === undefined) {
    process.stderr.write(`overcast-sim: which provider?\n\n${USAGE}\n\n${describeProviders()}\n`);
    return 2;
  }
  const definition = findSimulator(command.provider);
  if (!definition) {
    process.stderr.write(`overcast-sim: unknown provider '${command.provider}'. ${describeProviders()}\n`);
    return 2;
  }

  for (const flag of PROVIDER_FLAGS) {
    const given = flag === 'accept-unknown-commands' && command.acceptUnknownCommands;
    if (given && !definition.flags?.includes(flag)) {
      process.stderr.write(`overcast-sim: --${flag} is not an option of the ${command.provider} simulator\n`);
      return 2;
    }
  }

  const logger: SimulatorLogger = {
    debug: command.verbose ? (...args) => console.error(...args) : () => {},
    error: (...args) => console.error(...args),
  };
  let simulator: RunningSimulator;
  try {
    simulator = await definition.start({
      host: command.host,
      port: command.port,
      faults: { seed: command.seed, rules: command.rules },
      logger,
      ...(command.latency === undefined ? {} : { latency: command.latency }),
      ...(command.transitionMs === undefined ? {} : { transitionMs: command.transitionMs }),
      ...(command.acceptUnknownCommands ? { acceptUnknownCommands: true } : {}),
    });
  } catch (error) {
    process.stderr.write(`overcast-sim: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const stopped = waitForStopSignal();
  process.stdout.write(
    `overcast-sim: ${command.provider} listening on ${simulator.url}\n${describeClientSettings(simulator)}`,
  );
  await stopped;
  await simulator.close();
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
