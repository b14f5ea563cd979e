/**
 * Running measured programs in fresh processes, as the benchmarks that compare with a peer do: a
 * clean environment, the program's one JSON line read back, and rounds that alternate who goes
 * first.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a measured process sees of the bench's environment: only `PATH`, and a home of its own. */
export interface CleanEnv extends NodeJS.ProcessEnv {
  PATH: string;
  HOME: string;
}

/**
 * Runs `run` with an environment holding nothing from the bench's own that would change a client's
 * defaults (`AWS_*`, `~/.aws`, proxies) or node's start (`NODE_EXTRA_CA_CERTS`, `NODE_OPTIONS`):
 * `PATH`, and a fresh empty `HOME`, removed afterwards. `HOME` doubles as a working directory.
 */
export async function withCleanEnv<T>(run: (env: CleanEnv) => Promise<T>): Promise<T> {
  const env: CleanEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: mkdtempSync(join(tmpdir(), 'overcast-bench-home-')),
  };
  try {
    return await run(env);
  } finally {
    rmSync(env.HOME, { recursive: true, force: true });
  }
}

/** Where and how long a program may run. */
export interface ProgramOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Milliseconds before the process is killed (default 300 000). */
  timeout?: number;
}

/** A program's result: the JSON of the last line it printed, and its spawn-to-exit time as the bench saw it. */
export interface ProgramRun<T> {
  output: T;
  processMs: number;
}

/**
 * Runs `command args` in a fresh process and parses the last line of its stdout as JSON. Rejects,
 * with the program's stderr, when it exits with a failure or prints no JSON.
 */
export function runJsonProgram<T>(
  command: string,
  args: readonly string[],
  options: ProgramOptions,
): Promise<ProgramRun<T>> {
  const started = performance.now();
  const what = `${command} ${args.map((arg) => (arg.length > 80 ? `${arg.slice(0, 77)}…` : arg)).join(' ')}`;
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { env: options.env, cwd: options.cwd, timeout: options.timeout ?? 300_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const processMs = performance.now() - started;
        if (error !== null) {
          reject(new Error(`${what} failed: ${error.message}\n${stderr}`));
          return;
        }
        const line = stdout.trim().split('\n').at(-1) ?? '';
        try {
          resolve({ output: JSON.parse(line) as T, processMs });
        } catch {
          reject(new Error(`${what} printed no JSON result: ${stdout}\n${stderr}`));
        }
      },
    );
  });
}

/**
 * `rounds` rounds of one run per contender, in turn. The order rotates from round to round, so
 * that no contender always runs first (on a colder machine) or last.
 */
export async function alternatingRounds<K extends string, R>(
  rounds: number,
  contenders: Readonly<Record<K, () => Promise<R>>>,
): Promise<Record<K, R>[]> {
  const names = Object.keys(contenders) as K[];
  const results: Record<K, R>[] = [];
  for (let round = 0; round < rounds; round++) {
    const result = {} as Record<K, R>;
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length] as K;
      result[name] = await contenders[name]();
    }
    results.push(result);
  }
  return results;
}
