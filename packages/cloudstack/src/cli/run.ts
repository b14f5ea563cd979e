/**
 * The `cs` command line: `cs <command> key=value … [--region R] [--post] [--async] [--fetch-list]
 * [--quiet] [--trace] [--[no-]color]`. JSON on stdout (coloured on a terminal, see `wantsColour`), a
 * spinner on stderr while polling or paging (terminal only), one error line on stderr, exit 0 only
 * on success. Settings come from `readConfig()`, as `cs`'s do. A reader that stops early
 * (`cs listVirtualMachines | head`) ends the output quietly.
 */
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { CloudStack } from '../client.js';
import { flag, readConfig } from '../config.js';
import { commandSpec } from '../specs.js';
import { colourJson, sortedJson, startSpinner, wantsColour } from './output.js';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WriteStream | (NodeJS.WritableStream & { isTTY?: boolean });
  env: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  home?: string;
}

interface Flags {
  region?: string;
  post?: boolean;
  async?: boolean;
  fetchList?: boolean;
  quiet?: boolean;
  trace?: boolean;
  /** `--color` true, `--no-color` false, neither undefined. */
  color?: boolean;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const HELP_AFTER = `
Settings: CLOUDSTACK_ENDPOINT, CLOUDSTACK_KEY and CLOUDSTACK_SECRET, or endpoint, key and secret
in a [region] section of ~/.cloudstack.ini, ./cloudstack.ini or $CLOUDSTACK_CONFIG.

Examples:
  cs listZones
  cs listVirtualMachines state=Running --fetch-list
  cs deployVirtualMachine zoneid=… serviceofferingid=… templateid=… --async`;

/** This package's version, for `cs --version` (package.json is one level above `cli/` in src and dist). */
function version(): string {
  return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
}

/** Runs one `cs` invocation (`argv` without node and script) and resolves with its exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // A reader that went away (`cs … | head`) makes writes fail with EPIPE, reported as an 'error'
  // event too: without a listener that event would end the process with a stack trace.
  for (const stream of [io.stdout, io.stderr]) stream.on('error', ignore);
  const program = new Command('cs')
    .description('Call a CloudStack API command and print its answer as JSON.')
    .usage('<command> [key=value ...] [options]')
    .argument('<command>', 'the API command, e.g. listVirtualMachines')
    .argument('[params...]', 'parameters as key=value (a repeated key is sent comma-joined)')
    .option('-r, --region <region>', 'the config section to use (default $CLOUDSTACK_REGION or cloudstack)')
    .option('--post', 'send the parameters as a POST form body')
    .option('--async', 'do not wait for an async job: print its submission')
    .option('--fetch-list', 'fetch every page of a list command')
    .option('-q, --quiet', 'do not print the error line')
    .option('-t, --trace', 'print every request and answer to stderr (keys and signatures redacted)')
    .option('--color', 'colour the JSON even when stdout is not a terminal')
    .option('--no-color', 'never colour the JSON (as NO_COLOR=1)')
    .version(version(), '-V, --version', 'print the version of @overcast/cloudstack')
    .helpOption('-h, --help', 'print this help')
    .addHelpText('after', HELP_AFTER)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  if (argv.length === 0) {
    // No command: say how to give one, on stderr, as a usage error.
    program.outputHelp({ error: true });
    return EXIT_USAGE;
  }
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    throw error;
  }
  const [command = '', pairs = []] = program.processedArgs as [string, string[]];
  const flags = program.opts<Flags>();
  const params = parsePairs(pairs);
  if (typeof params === 'string') {
    io.stderr.write(`cs: ${params}\n`);
    return EXIT_USAGE;
  }

  let client: CloudStack | undefined;
  try {
    const config = await readConfig({
      ...(flags.region === undefined ? {} : { region: flags.region }),
      env: io.env,
      ...(io.cwd === undefined ? {} : { cwd: io.cwd }),
      ...(io.home === undefined ? {} : { home: io.home }),
    });
    // --trace, or `trace` in the config or the environment: the lines go to this stderr.
    const trace =
      flags.trace === true || config.trace === true || flag(pickTrace(io.env), 'trace', 'CLOUDSTACK_TRACE');
    client = new CloudStack({
      ...config,
      ...(flags.post ? { method: 'POST' as const } : {}),
      ...(trace ? { trace: (line: string) => io.stderr.write(`${line}\n`) } : {}),
    });
    const spec = commandSpec(command);
    // As `cs`: wait for jobs unless --async or the command is itself an *Async* one.
    const fetchResult = flags.async !== true && !command.includes('Async');
    const waits = flags.fetchList === true || (spec?.async === true && fetchResult);
    // Not with --trace, whose lines the frames would tear.
    const spins = waits && io.stderr.isTTY === true && io.env['TERM'] !== 'dumb' && !trace;
    const spinner = spins ? startSpinner(io.stderr, `${command}…`) : undefined;
    let result: unknown;
    try {
      result = await client.request(command, params, {
        ...(flags.fetchList ? { fetchList: true } : {}),
        fetchResult,
      });
    } finally {
      // Erased before anything else reaches the terminal.
      spinner?.stop();
    }
    // Always JSON, so that a pipe can parse it: `[]` for a listing without items, `{}` for an
    // empty answer.
    const text = sortedJson(result);
    await write(io.stdout, `${wantsColour(io.stdout, io.env, flags.color) ? colourJson(text) : text}\n`);
    return EXIT_OK;
  } catch (error) {
    // The reader stopped reading: what it read is what it wanted.
    if (isBrokenPipe(error)) return EXIT_OK;
    if (!flags.quiet) io.stderr.write(`cs: ${oneLine(error)}\n`);
    return EXIT_FAILED;
  } finally {
    await client?.close();
  }
}

/** `key=value` pairs → parameters; values are stripped of spaces and quotes, as by `cs`. */
function parsePairs(pairs: readonly string[]): Record<string, string> | string {
  const params: Record<string, string[]> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) return `parameter "${pair}" is not key=value`;
    const key = pair.slice(0, at);
    const value = pair.slice(at + 1).replace(/^[\s"']+|[\s"']+$/g, '');
    const values = params[key] ?? [];
    values.push(value);
    params[key] = values;
  }
  // A repeated key is one comma-joined list, in the order given (cs's order is undefined).
  return Object.fromEntries(Object.entries(params).map(([key, values]) => [key, values.join(',')]));
}

function pickTrace(env: CliIo['env']): Record<string, string> {
  const value = env['CLOUDSTACK_TRACE'];
  return value ? { trace: value } : {};
}

/** Writes `text`, resolving once it is handed to the system (rejecting with EPIPE if nobody reads). */
function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EPIPE';
}

function ignore(): void {}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\s+/g, ' ').trim();
}
