/**
 * The OpenStack benchmark: `@overcast/openstack` beside Python's `openstacksdk` (Debian's
 * `/usr/bin/python3` with python3-openstacksdk) on the same simulator in the same run.
 *
 * - Listing 10,000 servers with detail, 1,000 a page, through each library's public API with its
 *   defaults (`conn.compute.servers({ limit: 1000 })` / `conn.compute.servers(limit=1000)`), after
 *   one call that authenticates and discovers. Each run is a fresh process (`openstack-child.mjs`,
 *   `openstack-child.py`); ours and the peer alternate, {@link PAIRS} pairs, and the speed figure
 *   is the median of the pairs' ratios. Memory is each child's peak RSS (VmHWM), and its growth
 *   over the RSS right before the listing.
 * - Connection setup + first call against the warm simulator: import, `connect()` from the same
 *   clouds.yaml, authentication, discovery and one list of flavors, fresh processes, in pairs.
 *
 * The simulator runs in a worker thread of this process (apart from both clients). Nothing is
 * asserted: the goals (≥ 5× faster, peak memory ≤ ½) are printed beside the figures.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type MetricRow, median } from './measure.js';

const SERVERS = 10_000;
const PAGE = 1000;
const PAIRS = 3;
const PYTHON = '/usr/bin/python3';
const CLOUD = 'bench';
const OURS_CHILD = fileURLToPath(new URL('./openstack-child.mjs', import.meta.url));
const PEER_CHILD = fileURLToPath(new URL('./openstack-child.py', import.meta.url));

/** What a child prints. */
interface ChildRun {
  ms: number;
  count: number;
  /** Peak RSS of the child (VmHWM), KiB. */
  hwmKiB: number;
  /** RSS right before the listing (list mode), KiB. */
  rssBeforeKiB: number | null;
  version?: string;
}

/** The simulator in a worker: seeded with the servers; posts its clouds.yaml, closes on a message. */
const SIMULATOR_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.simulators).then(async ({ startOpenStackSimulator }) => {
  const sim = await startOpenStackSimulator({ seed: { servers: workerData.servers } });
  parentPort.once('message', () => sim.close().then(() => parentPort.close()));
  parentPort.postMessage({ cloudsYaml: sim.cloudsYaml(workerData.cloud) });
});
`;

interface WorkerSimulator {
  cloudsYaml: string;
  close(): Promise<void>;
}

function startWorkerSimulator(): Promise<WorkerSimulator> {
  const worker = new Worker(SIMULATOR_WORKER, {
    eval: true,
    workerData: { simulators: import.meta.resolve('@overcast/simulators'), servers: SERVERS, cloud: CLOUD },
  });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', ({ cloudsYaml }: { cloudsYaml: string }) =>
      resolve({
        cloudsYaml,
        close: () =>
          new Promise<void>((done) => {
            worker.once('exit', () => done());
            worker.postMessage('close');
          }),
      }),
    );
  });
}

/** Runs one child to completion and reads its JSON line. */
function runChild(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env, timeout: 300_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error !== null) {
        reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
        return;
      }
      const line = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as ChildRun);
      } catch {
        reject(new Error(`${file} ${args.join(' ')} printed no result: ${stdout}\n${stderr}`));
      }
    });
  });
}

interface Pair {
  ours: ChildRun;
  peer: ChildRun;
}

/** `PAIRS` pairs of fresh processes, alternating which goes first. */
async function pairs(
  mode: 'list' | 'setup',
  ours: (mode: string) => Promise<ChildRun>,
  peer: (mode: string) => Promise<ChildRun>,
): Promise<Pair[]> {
  const out: Pair[] = [];
  for (let i = 0; i < PAIRS; i++) {
    if (i % 2 === 0) {
      const o = await ours(mode);
      out.push({ ours: o, peer: await peer(mode) });
    } else {
      const p = await peer(mode);
      out.push({ ours: await ours(mode), peer: p });
    }
  }
  return out;
}

const mb = (kib: number) => kib / 1024;
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const list = (values: readonly number[], digits = 0) => values.map((v) => round(v, digits)).join(' / ');

export async function runOpenStackBench(): Promise<MetricRow[]> {
  const sim = await startWorkerSimulator();
  const work = mkdtempSync(join(tmpdir(), 'overcast-openstack-bench-'));
  try {
    const cloudsYaml = join(work, 'clouds.yaml');
    writeFileSync(cloudsYaml, sim.cloudsYaml);
    // Both libraries read the same clouds.yaml, and nothing of this machine's environment.
    const env: NodeJS.ProcessEnv = {
      PATH: '/usr/bin:/bin',
      HOME: work,
      LANG: 'C.UTF-8',
      OS_CLIENT_CONFIG_FILE: cloudsYaml,
      OS_CLOUD: CLOUD,
    };
    const check = (what: string, expected: number) => (run: ChildRun) => {
      if (run.count !== expected) throw new Error(`${what} saw ${run.count} items, expected ${expected}`);
      return run;
    };
    const ours = (mode: string) =>
      runChild(process.execPath, [OURS_CHILD, mode], env).then(
        mode === 'list' ? check('@overcast/openstack', SERVERS) : (run) => run,
      );
    const peer = (mode: string) =>
      runChild(PYTHON, [PEER_CHILD, mode], env).then(
        mode === 'list' ? check('openstacksdk', SERVERS) : (run) => run,
      );

    // Warm-up: the simulator renders every page once, the page cache holds both libraries.
    await ours('list');
    const version = (await peer('setup')).version ?? 'unknown';
    const loadBefore = loadavg()[0] ?? 0;
    const listing = await pairs('list', ours, peer);
    const setup = await pairs('setup', ours, peer);
    const load = `load average ${loadBefore.toFixed(1)}→${(loadavg()[0] ?? 0).toFixed(1)} on ${availableParallelism()} cores`;

    const speedRatios = listing.map((p) => p.peer.ms / p.ours.ms);
    const speed = median(speedRatios);
    const oursMs = listing.map((p) => p.ours.ms);
    const peerMs = listing.map((p) => p.peer.ms);
    const oursPeak = listing.map((p) => mb(p.ours.hwmKiB));
    const peerPeak = listing.map((p) => mb(p.peer.hwmKiB));
    const memoryRatio = median(listing.map((p) => p.ours.hwmKiB / p.peer.hwmKiB));
    const growth = (run: ChildRun) => mb(run.hwmKiB - (run.rssBeforeKiB ?? run.hwmKiB));
    const oursGrowth = listing.map((p) => growth(p.ours));
    const peerGrowth = listing.map((p) => growth(p.peer));
    const setupRatio = median(setup.map((p) => p.peer.ms / p.ours.ms));
    const peer0 = `Python openstacksdk ${version}`;
    const goal = (met: boolean) => (met ? 'goal met' : 'goal MISSED');

    return [
      {
        name: `openstack: list ${SERVERS} servers with detail, ${PAGE} a page`,
        value: Math.round(median(oursMs)),
        unit: 'ms',
        baseline: `${peer0} conn.compute.servers(limit=${PAGE}), median ${Math.round(median(peerMs))} ms`,
        ratio: round(speed),
        note:
          `× = median of ${PAIRS} pair ratios (${list(speedRatios, 1)}); ours ${list(oursMs)} ms, ` +
          `peer ${list(peerMs)} ms; fresh processes, alternating; goal ≥ 5×: ${goal(speed >= 5)}; ${load}`,
      },
      {
        name: `openstack: peak RSS listing ${SERVERS} servers (VmHWM of the process)`,
        value: round(median(oursPeak), 1),
        unit: 'MB',
        baseline: `${peer0}, median ${round(median(peerPeak), 1)} MB`,
        ratio: round(memoryRatio),
        note:
          `× = median of ours/peer; ours ${list(oursPeak)} MB, peer ${list(peerPeak)} MB; goal ≤ 0.5: ` +
          `${goal(memoryRatio <= 0.5)} (a bare node process is ~40 MB, bare python3 ~10 MB)`,
      },
      {
        name: `openstack: RSS growth during the listing (VmHWM − RSS before it)`,
        value: round(median(oursGrowth), 1),
        unit: 'MB',
        baseline: `${peer0}, median ${round(median(peerGrowth), 1)} MB`,
        ratio: round(median(oursGrowth) / median(peerGrowth)),
        note: `ours ${list(oursGrowth)} MB, peer ${list(peerGrowth)} MB`,
      },
      {
        name: 'openstack: connection setup + first call (import, connect from clouds.yaml, auth, discovery, list flavors)',
        value: Math.round(median(setup.map((p) => p.ours.ms))),
        unit: 'ms',
        baseline: `${peer0}, median ${Math.round(median(setup.map((p) => p.peer.ms)))} ms`,
        ratio: round(setupRatio),
        note:
          `warm simulator, fresh processes, × = median of ${PAIRS} pair ratios; ours ` +
          `${list(setup.map((p) => p.ours.ms))} ms, peer ${list(setup.map((p) => p.peer.ms))} ms; ` +
          `peak RSS ours ${round(median(setup.map((p) => mb(p.ours.hwmKiB))), 1)} MB, ` +
          `peer ${round(median(setup.map((p) => mb(p.peer.hwmKiB))), 1)} MB`,
      },
    ];
  } finally {
    await sim.close();
    rmSync(work, { recursive: true, force: true });
  }
}
