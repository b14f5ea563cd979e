import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { SchemasError } from './errors.js';
import { loadManifest } from './manifest.js';
import { DEFAULT_CACHE_DIR, MANIFEST_PATH } from './paths.js';
import { type PinOptions, pinVersion, type UpstreamMapping } from './pin.js';
import { pinId } from './pins.js';
import { resolveSchemas } from './resolve.js';
import { verifyCache } from './verify.js';

const USAGE = `usage: npm run schemas -w @overcast/schemas -- [command]
  (none)                         resolve every pinned version into schemas/.cache
  resolve [provider [version]]   resolve one provider (all its pinned versions) or one version
  verify [provider [version]]    re-hash the cached files against the pins
  pin <provider> <version> --repository <owner/name> --ref <commit> --upstream-prefix <path>
      [--files <glob>] [--default]
                                 (re)write that version's pins from its mirror folder; give
                                 --files/--upstream-prefix pairs when parts of the folder come
                                 from different upstream folders
environment: SCHEMAS_MIRROR = mirror root (default: <repo>/../shared/schemas when it exists)`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      repository: { type: 'string' },
      ref: { type: 'string' },
      'upstream-prefix': { type: 'string', multiple: true },
      files: { type: 'string', multiple: true },
      default: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command = 'resolve', ...args] = positionals;
  if (values.help || command === 'help') {
    console.log(USAGE);
    return;
  }
  const pinOptionsGiven =
    values.repository ?? values.ref ?? values['upstream-prefix'] ?? values.files ?? values.default;
  if (command !== 'pin' && pinOptionsGiven !== undefined) throw new UsageError('options are only for `pin`');
  if (command === 'resolve') return resolveCommand(selection(args));
  if (command === 'verify') return verifyCommand(selection(args));
  if (command === 'pin') {
    const [provider, version, extra] = args;
    if (!provider || !version || extra) throw new UsageError('pin needs exactly <provider> <version>');
    if (!values.repository || !values.ref) throw new UsageError('pin needs --repository and --ref');
    return pinCommand({
      provider,
      version,
      repository: values.repository,
      ref: values.ref,
      mappings: pairMappings(values.files, values['upstream-prefix']),
      makeDefault: values.default ?? false,
    });
  }
  throw new UsageError(`unknown command "${command}"`);
}

function selection(args: string[]) {
  const [provider, version, extra] = args;
  if (extra) throw new UsageError('expected at most <provider> <version>');
  return { providers: provider ? [provider] : undefined, versions: version ? [version] : undefined };
}

/** `--files` and `--upstream-prefix` pair up in order; one prefix alone covers every file. */
function pairMappings(globs: string[] = [], prefixes: string[] = []): UpstreamMapping[] {
  if (prefixes.length === 0) throw new UsageError('pin needs --upstream-prefix');
  if (globs.length === 0 && prefixes.length === 1) return [{ upstreamPrefix: prefixes[0] as string }];
  if (globs.length !== prefixes.length) {
    throw new UsageError('give one --upstream-prefix per --files (they pair up in order)');
  }
  return globs.map((glob, index) => ({ glob, upstreamPrefix: prefixes[index] as string }));
}

async function resolveCommand(selected: { providers?: string[]; versions?: string[] }) {
  const started = performance.now();
  const manifest = loadManifest();
  const resolved = await resolveSchemas({ ...selected, manifest });
  for (const r of resolved) {
    console.log(
      `${pinId(r.provider, r.version, manifest)}: ${plural(r.files, 'file')} ` +
        `(${r.fromMirror} from mirror, ${r.downloaded} downloaded, ${r.cached} cached)`,
    );
  }
  const total = resolved.reduce((sum, r) => sum + r.files, 0);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(
    `${plural(total, 'file')} verified in ${seconds} s, in ${relative(process.cwd(), DEFAULT_CACHE_DIR)}`,
  );
}

async function verifyCommand(selected: { providers?: string[]; versions?: string[] }) {
  const manifest = loadManifest();
  let failed = false;
  for (const v of await verifyCache({ ...selected, manifest })) {
    const id = pinId(v.provider, v.version, manifest);
    if (v.problems.length === 0) {
      console.log(`ok    ${id}: ${plural(v.files, 'file')}`);
      continue;
    }
    failed = true;
    console.error(`FAIL  ${id}: ${plural(v.problems.length, 'problem')}`);
    for (const problem of v.problems.slice(0, 10)) console.error(`      ${problem}`);
    if (v.problems.length > 10) console.error(`      … and ${v.problems.length - 10} more`);
  }
  if (failed) throw new SchemasError('the cache does not match the pins; run `npm run schemas` to repair it');
}

async function pinCommand(options: PinOptions) {
  const { files, isDefault } = await pinVersion(options);
  const where = relative(process.cwd(), MANIFEST_PATH);
  console.log(
    `pinned ${options.provider}@${options.version}: ${plural(files, 'file')} in ${where}` +
      (isDefault ? ' (default version)' : ''),
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // Expected failures get their message alone; anything else is a bug and keeps its stack.
  if (error instanceof UsageError || isParseArgsError(error)) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    console.error(error instanceof SchemasError ? error.message : error);
    process.exitCode = 1;
  }
});

function isParseArgsError(error: unknown): error is Error {
  return (
    error instanceof TypeError && String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')
  );
}
