/**
 * The packages as a user gets them: every package packed with `npm pack`, the tarballs installed
 * into a fresh project outside the monorepo, and then, per provider, the package imported as an ES
 * module and required from CommonJS, a small TypeScript file using it type-checked under a user's
 * strict settings (nodenext, a `.cts`, bundler), its tarball inspected, and the installed client
 * run against its simulator from the installed @overcast/simulators. A new provider joins by adding
 * a row to PROVIDERS.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** One provider package: what a user starts from, and one listing call against its simulator. */
interface ProviderRow {
  /** Its directory under packages/ (`@overcast/<provider>`), also its `@overcast/simulators/<provider>` entry. */
  provider: string;
  /** The value exports a user starts from: the client class, the connect function. */
  entryPoints: string[];
  /** The import of the client, in TypeScript. */
  imports: string;
  /** The start function of its simulator. */
  simulator: string;
  /** An expression making a client for `sim`, the running simulator. */
  connect: string;
  /** Statements listing something with `client`, returning the names (`string[]`). */
  list: string;
}

const PROVIDERS: ProviderRow[] = [
  {
    provider: 'cloudstack',
    entryPoints: ['CloudStack', 'readConfig'],
    imports: "import { CloudStack } from '@overcast/cloudstack';",
    simulator: 'startCloudStackSimulator',
    connect:
      'new CloudStack({ endpoint: sim.endpoint, key: sim.credentials.apiKey, secret: sim.credentials.secret })',
    list: "return (await client.listZones()).zone.map((zone) => zone.name ?? '');",
  },
  {
    provider: 'opennebula',
    entryPoints: ['OneServer'],
    imports: "import { OneServer } from '@overcast/opennebula';",
    simulator: 'startOpenNebulaSimulator',
    connect: 'new OneServer(sim.endpoint, { session: sim.credentials.session })',
    list: 'return (await client.userpool.info()).USER.map((user) => user.NAME);',
  },
  {
    provider: 'ovirt',
    entryPoints: ['Connection'],
    imports: "import { Connection } from '@overcast/ovirt';",
    simulator: 'startOvirtSimulator',
    connect: 'new Connection({ url: sim.endpoint, ...sim.credentials })',
    list: "return (await client.systemService().vmsService().list()).map((vm) => vm.name ?? '');",
  },
  {
    provider: 'openstack',
    entryPoints: ['Connection', 'connect'],
    imports: "import { Connection } from '@overcast/openstack';",
    simulator: 'startOpenStackSimulator',
    connect:
      'new Connection({ auth: { authUrl: sim.endpoint, ...sim.credentials }, regionName: sim.credentials.regionName })',
    list: [
      'const names: string[] = [];',
      "for await (const flavor of client.compute.flavors()) names.push(flavor.name ?? '');",
      'return names;',
    ].join('\n'),
  },
  {
    provider: 'ec2',
    entryPoints: ['EC2', 'connectEc2'],
    imports: "import { EC2 } from '@overcast/ec2';",
    simulator: 'startEc2Simulator',
    connect: "new EC2({ endpoint: sim.endpoint, ...sim.credentials, region: 'RegionOne' })",
    list: "return ((await client.describeRegions({})).Regions ?? []).map((region) => region.RegionName ?? '');",
  },
];

/** The published packages besides the providers. */
const SUPPORT_PACKAGES = ['runtime', 'simulators'];
/** Every published package. */
const PACKAGES = [...SUPPORT_PACKAGES, ...PROVIDERS.map((row) => row.provider)];

const MONOREPO = fileURLToPath(new URL('../..', import.meta.url));
const LICENSE = readFileSync(join(MONOREPO, 'LICENSE'), 'utf8');
const fromTest = createRequire(import.meta.url);
/** The monorepo's own TypeScript compiler, the one the packages are built with. */
const TSC = join(
  dirname(fromTest.resolve('typescript/package.json')),
  (fromTest('typescript/package.json') as { bin: { tsc: string } }).bin.tsc,
);
/** The @types/node the monorepo builds against, which a Node.js user of the types installs too. */
const TYPES_NODE = `@types/node@${(fromTest('@types/node/package.json') as { version: string }).version}`;

/**
 * What a loaded package exposes, the same report for import() and require(): which of the asked-for
 * entry points are not functions, the runtime's public error classes, and which of the runtime's
 * public values the package does not re-export as they are (the same object).
 */
const EXPOSURE_CJS = `module.exports = (pkg, runtime, names) => ({
  missing: names.filter((name) => typeof pkg[name] !== 'function'),
  errorClasses: Object.keys(runtime).filter((name) => name.endsWith('Error')),
  notReexported: Object.keys(runtime).filter((name) => pkg[name] !== runtime[name]),
});
`;
/** Prints the exposure of the package named on the command line, loaded with import(). */
const INSPECT_MJS = `import exposure from './exposure.cjs';
const [name, ...names] = process.argv.slice(2);
const [pkg, runtime] = await Promise.all([import(name), import('@overcast/runtime/public')]);
console.log(JSON.stringify(exposure(pkg, runtime, names)));
`;
/** The same with require(), and whether its entry points are those import() gives. */
const INSPECT_CJS = `const exposure = require('./exposure.cjs');
const [name, ...names] = process.argv.slice(2);
const pkg = require(name);
const report = exposure(pkg, require('@overcast/runtime/public'), names);
import(name).then((imported) => {
  console.log(JSON.stringify({ ...report, sameAsImport: names.every((each) => imported[each] === pkg[each]) }));
});
`;
/** Requires every entry of the `exports` of the package named on the command line; prints the failures. */
const REQUIRE_ENTRIES_CJS = `const { readFileSync } = require('node:fs');
const name = process.argv[2];
const entries = Object.keys(JSON.parse(readFileSync('node_modules/' + name + '/package.json', 'utf8')).exports);
const failed = [];
for (const entry of entries) {
  const specifier = entry === '.' ? name : name + entry.slice(1);
  try {
    require(specifier);
  } catch (error) {
    failed.push(specifier + ': ' + (error.code ?? error.message));
  }
}
console.log(JSON.stringify({ entries: entries.length, failed }));
`;
/** Prints what a compiled usage module (see usageModule) lists, loaded with import() or require(). */
const LIST_MJS = `const { listFromSimulator } = await import(process.argv[2]);
console.log(JSON.stringify(await listFromSimulator()));
`;
const LIST_CJS = `require(process.argv[2]).listFromSimulator().then((listed) => console.log(JSON.stringify(listed)));
`;
/** A deliberate type error: proves that the checks check, against the installed declarations. */
const CONTROL_TS = `import { NotFoundError } from '@overcast/runtime';
export const notAString: string = NotFoundError;
`;

/** A user's module: starts the provider's simulator, lists something with the client, closes both. */
function usageModule(row: ProviderRow): string {
  return `${row.imports}
import { ${row.simulator} as startSimulator } from '@overcast/simulators/${row.provider}';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

async function list(sim: Simulator): Promise<string[]> {
  const client = ${row.connect};
  try {
    ${row.list}
  } finally {
    await client.close();
  }
}

export async function listFromSimulator(): Promise<{ names: string[]; requests: number }> {
  const sim = await startSimulator();
  try {
    return { names: await list(sim), requests: sim.requests.total };
  } finally {
    await sim.close();
  }
}
`;
}

/** A user's strict settings; `types: ['node']` as TypeScript 6 no longer includes every @types. */
const USER_OPTIONS = { strict: true, target: 'es2022', types: ['node'], skipLibCheck: false };

/** The type checks: the .ts files under each module setting, the .cts (emitted, then run) under nodenext. */
const TYPE_CHECKS = [
  {
    name: 'nodenext (.ts and .cts)',
    config: 'tsconfig.nodenext.json',
    tsconfig: {
      compilerOptions: { ...USER_OPTIONS, module: 'nodenext', outDir: 'out' },
      include: ['control.ts', 'usage-*.ts', 'usage-*.cts'],
    },
  },
  {
    name: 'bundler (module preserve)',
    config: 'tsconfig.bundler.json',
    tsconfig: {
      compilerOptions: { ...USER_OPTIONS, module: 'preserve', moduleResolution: 'bundler', noEmit: true },
      include: ['control.ts', 'usage-*.ts'],
    },
  },
];

/** One diagnostic of tsc: the file it is in (relative to the project) and its text. */
interface Diagnostic {
  file: string;
  text: string;
}

/**
 * The diagnostics of a tsc run's output: indented lines continue the one before, and a diagnostic
 * without a location (a bad option, no inputs) has the file ''.
 */
function diagnostics(output: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const line of output.split('\n')) {
    const last = found[found.length - 1];
    if (/^\s/.test(line) && last) last.text += `\n${line}`;
    else if (line.trim()) found.push({ file: /^(\S[^(]*)\(\d+,\d+\): /.exec(line)?.[1] ?? '', text: line });
  }
  return found;
}

/** Whether a diagnostic belongs to a provider: in its usage files or in its installed package. */
function belongsTo(provider: string): (diagnostic: Diagnostic) => boolean {
  return ({ file }) => file.startsWith(`usage-${provider}.`) || file.includes(`@overcast/${provider}/`);
}

/**
 * The environment for npm: without the variables an enclosing `npm run` sets for this monorepo
 * (its prefix, workspace, package), which would point the fresh project's npm back at it.
 */
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !/^npm_(package|lifecycle)_/i.test(name) &&
        !/^npm_config_(local_prefix|prefix|workspaces?|include_workspace_root)$/i.test(name),
    ),
  );
}

const run = promisify(execFile);
let work: string;
let project: string;
/** What npm pack put in each package's tarball, by package directory name. */
const shipped = new Map<string, string[]>();
/** The diagnostics of each type check, by its name. */
const typeErrors = new Map<string, Diagnostic[]>();

/** Runs a script of the fresh project with node and returns what it printed, as JSON. */
async function nodeJson(...args: string[]): Promise<unknown> {
  const { stdout } = await run(process.execPath, args, { cwd: project, timeout: 60_000 });
  return JSON.parse(stdout);
}

/** The path of an installed file of `@overcast/<name>`. */
function installed(name: string, file: string): string {
  return join(project, 'node_modules', '@overcast', name, file);
}

/** Type-checks the project with one of TYPE_CHECKS (tsc's exit status is the diagnostics). */
async function typeCheck({ config, tsconfig }: (typeof TYPE_CHECKS)[number]): Promise<Diagnostic[]> {
  writeFileSync(join(project, config), JSON.stringify(tsconfig));
  const output = await run(process.execPath, [TSC, '-p', config, '--pretty', 'false'], {
    cwd: project,
    timeout: 180_000,
  }).then(
    ({ stdout }) => stdout,
    (error: { stdout?: string }) => error.stdout ?? String(error),
  );
  return diagnostics(output);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'overcast-pack-'));
  const tarballs = join(work, 'tarballs');
  project = join(work, 'project');
  mkdirSync(tarballs);
  mkdirSync(project);

  const workspaces = PACKAGES.flatMap((name) => ['--workspace', `packages/${name}`]);
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', tarballs, ...workspaces], {
    cwd: MONOREPO,
    env: npmEnv(),
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const packed = JSON.parse(stdout) as { name: string; filename: string; files: { path: string }[] }[];
  for (const { name, files } of packed) {
    shipped.set(
      name.replace('@overcast/', ''),
      files.map((file) => file.path),
    );
  }

  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'fresh', private: true, type: 'module' }),
  );
  const install = [...packed.map((each) => join(tarballs, each.filename)), TYPES_NODE];
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...install], {
    cwd: project,
    env: npmEnv(),
    timeout: 240_000,
  });

  const files: Record<string, string> = {
    'exposure.cjs': EXPOSURE_CJS,
    'inspect.mjs': INSPECT_MJS,
    'inspect.cjs': INSPECT_CJS,
    'require-entries.cjs': REQUIRE_ENTRIES_CJS,
    'list.mjs': LIST_MJS,
    'list.cjs': LIST_CJS,
    'control.ts': CONTROL_TS,
  };
  for (const row of PROVIDERS) {
    files[`usage-${row.provider}.ts`] = usageModule(row);
    files[`usage-${row.provider}.cts`] = usageModule(row);
  }
  for (const [name, text] of Object.entries(files)) writeFileSync(join(project, name), text);
  // Two compilers at once, not more: this runs beside the other test files on small CI machines.
  await Promise.all(TYPE_CHECKS.map(async (check) => typeErrors.set(check.name, await typeCheck(check))));
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** What is wrong with the tarball of `@overcast/<name>`, as it was packed and installed. */
function tarballProblems(name: string): string[] {
  const files = shipped.get(name);
  if (!files) return [`@overcast/${name} was not packed`];
  const has = new Set(files);
  const problems: string[] = [];
  if (!has.has('LICENSE')) problems.push('no LICENSE');
  else if (readFileSync(installed(name, 'LICENSE'), 'utf8') !== LICENSE)
    problems.push('LICENSE is not the root one');
  if (!has.has('README.md')) problems.push('no README.md');
  for (const file of files) {
    if (/(^|\/)api-digest\.json$/.test(file)) problems.push(`ships ${file}`);
    if (/\.(test|spec)[.-]|(^|\/)(test-support|__tests__)\//.test(file))
      problems.push(`ships the test file ${file}`);
    if (file.endsWith('.map')) {
      const map = JSON.parse(readFileSync(installed(name, file), 'utf8')) as {
        sources: string[];
        sourcesContent?: (string | null)[];
      };
      map.sources.forEach((source, index) => {
        const target = posix.normalize(posix.join(posix.dirname(file), source));
        if (!has.has(target) && typeof map.sourcesContent?.[index] !== 'string')
          problems.push(`${file} points to ${source}, neither shipped nor in sourcesContent`);
      });
    }
  }
  const manifest = JSON.parse(readFileSync(installed(name, 'package.json'), 'utf8')) as {
    exports?: Record<string, Record<string, string>>;
    bin?: Record<string, string>;
  };
  const targets = [
    ...Object.values(manifest.exports ?? {}).flatMap((conditions) => Object.values(conditions)),
    ...Object.values(manifest.bin ?? {}),
  ];
  for (const target of targets) {
    if (!has.has(posix.normalize(target))) problems.push(`package.json points to ${target}, not shipped`);
  }
  const readme = has.has('README.md') ? readFileSync(installed(name, 'README.md'), 'utf8') : '';
  for (const [, link] of readme.matchAll(/\]\(([^)#\s]+)[^)]*\)/g)) {
    if (link && !/^[a-z]+:/i.test(link) && !has.has(posix.normalize(link)))
      problems.push(`README.md links ${link}, not shipped`);
  }
  return problems;
}

/** What tarballProblems checks. */
const TARBALL_RULE =
  'LICENSE, README.md, what package.json names; no tests, no maps to unshipped sources, no api-digest.json';

describe('the packages every provider installs with', () => {
  it.each(SUPPORT_PACKAGES)(`@overcast/%s: ${TARBALL_RULE}`, (name) => {
    expect(tarballProblems(name)).toEqual([]);
  });

  it.each(SUPPORT_PACKAGES)(
    '@overcast/%s: every entry point is required from CommonJS',
    async (name) => {
      const { entries, failed } = (await nodeJson('require-entries.cjs', `@overcast/${name}`)) as {
        entries: number;
        failed: string[];
      };
      expect(failed).toEqual([]);
      expect(entries).toBeGreaterThan(0);
    },
    60_000,
  );

  it('type checks report the deliberate mistake and nothing outside the rows', () => {
    const rows = PROVIDERS.map((row) => belongsTo(row.provider));
    for (const [check, found] of typeErrors) {
      const outside = found.filter((diagnostic) => !rows.some((belongs) => belongs(diagnostic)));
      expect(
        outside.map((each) => each.text),
        check,
      ).toEqual([
        expect.stringMatching(
          /^control\.ts\(2,14\): error TS2322: Type 'typeof NotFoundError' is not assignable/,
        ),
      ]);
    }
  });
});

/** What a provider exposes, however it is loaded: its entry points, the runtime's public values as they are. */
const EXPOSED = {
  missing: [],
  errorClasses: expect.arrayContaining(['NotFoundError', 'AuthError', 'ApiError']),
  notReexported: [],
};

describe.each(PROVIDERS.map((row) => [row.provider, row] as const))(
  '@overcast/%s installed from its tarball',
  (_, row) => {
    const name = `@overcast/${row.provider}`;

    it('imports as an ES module, with its entry points and the runtime’s error classes', async () => {
      expect(await nodeJson('inspect.mjs', name, ...row.entryPoints)).toEqual(EXPOSED);
    }, 60_000);

    it('is required from CommonJS, giving the same classes as import()', async () => {
      expect(await nodeJson('inspect.cjs', name, ...row.entryPoints)).toEqual({
        ...EXPOSED,
        sameAsImport: true,
      });
    }, 60_000);

    it.each(TYPE_CHECKS.map((check) => check.name))('type-checks under strict, %s', (check) => {
      const found = typeErrors.get(check);
      expect(found, `${check} ran`).toBeDefined();
      expect(found?.filter(belongsTo(row.provider)).map((each) => each.text)).toEqual([]);
    });

    it(`its tarball: ${TARBALL_RULE}`, () => {
      expect(tarballProblems(row.provider)).toEqual([]);
    });

    it.each([
      ['an ES module', 'list.mjs', 'js'],
      ['the compiled .cts, required', 'list.cjs', 'cjs'],
    ])(
      'lists from its simulator with the installed client, as %s',
      async (_, script, extension) => {
        const listed = (await nodeJson(script, `./out/usage-${row.provider}.${extension}`)) as {
          names: string[];
          requests: number;
        };
        expect(listed.names.length).toBeGreaterThan(0);
        for (const each of listed.names) expect(each).toMatch(/\S/);
        expect(listed.requests).toBeGreaterThan(0);
      },
      60_000,
    );
  },
);
