/**
 * XML parsing throughput, to choose the runtime's parser by measurement and to hold the XML-RPC
 * scanner to its promise. Parses a generated ~50 MB OpenNebula-like VM_POOL with every candidate,
 * then the same pool as OpenNebula sends it (one escaped string in a methodResponse) with our
 * decoder and, for contrast, generic parsers (on a 10 MB pool: they take seconds per 10 MB).
 * Candidates run interleaved, round after round, so that load from other processes spreads over
 * all of them; each row reports its best run and its median.
 */
import { type BenchResult, median, type Timing, time } from './measure.js';
import {
  type Candidate,
  ENVELOPE_CANDIDATES,
  type EnvelopeCandidate,
  POOL_CANDIDATES,
  type ProbeResult,
  probe,
} from './xml-candidates.js';
import { poolMethodResponse, vmPoolDocument } from './xml-documents.js';

const DOCUMENT_BYTES = 50_000_000;
const CONTRAST_BYTES = 10_000_000;
const WARM_UP_BYTES = 2_000_000;
const MAX_ROUNDS = 3;
/** No round starts after this long (two rounds always run): about two minutes in all on 2 cores. */
const ROUND_BUDGET_MS = 40_000;

interface Document {
  xml: string;
  vms: number;
  envelope: string;
}

function document(bytes: number): Document {
  const pool = vmPoolDocument(bytes);
  return { ...pool, envelope: poolMethodResponse(pool.xml) };
}

export async function runXmlBench(): Promise<BenchResult[]> {
  const full = document(DOCUMENT_BYTES);
  const contrast = document(CONTRAST_BYTES);
  const warmUp = document(WARM_UP_BYTES);
  const envelopeOf = (candidate: EnvelopeCandidate) => (candidate.generic ? contrast : full);

  const probes = new Map<Candidate, ProbeResult>(
    POOL_CANDIDATES.map((candidate) => [candidate, probeWithDefaults(candidate)]),
  );
  for (const candidate of POOL_CANDIDATES) parseChecked(candidate, warmUp);
  for (const candidate of ENVELOPE_CANDIDATES) decodeChecked(candidate, warmUp);

  const poolTimes = new Map<Candidate, Timing[]>(POOL_CANDIDATES.map((candidate) => [candidate, []]));
  const envelopeTimes = new Map<EnvelopeCandidate, Timing[]>(
    ENVELOPE_CANDIDATES.map((candidate) => [candidate, []]),
  );
  const started = performance.now();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (round >= 2 && performance.now() - started > ROUND_BUDGET_MS) break;
    for (const candidate of POOL_CANDIDATES) {
      poolTimes.get(candidate)?.push(time(() => parseChecked(candidate, full)));
    }
    for (const candidate of ENVELOPE_CANDIDATES) {
      envelopeTimes.get(candidate)?.push(time(() => decodeChecked(candidate, envelopeOf(candidate))));
    }
  }

  const poolRows = POOL_CANDIDATES.map((candidate) => ({
    raw: candidate.raw,
    ...measured(
      candidate.name,
      `VM_POOL, ${full.vms} VMs`,
      megabytes(full.xml),
      poolTimes.get(candidate) ?? [],
    ),
    ...probes.get(candidate),
  }));
  const fastestRaw = Math.max(...poolRows.filter((row) => row.raw).map((row) => row.mbPerSecond));
  const envelopeRows = ENVELOPE_CANDIDATES.map((candidate) => {
    const { envelope, vms } = envelopeOf(candidate);
    const input = `methodResponse, pool of ${vms} VMs escaped`;
    return measured(candidate.name, input, megabytes(envelope), envelopeTimes.get(candidate) ?? []);
  });
  const relative = (row: ReturnType<typeof measured>) => ({
    ...row,
    ratioToFastestRaw: row.mbPerSecond / fastestRaw,
  });
  return [...poolRows.map(({ raw: _, ...row }) => relative(row)), ...envelopeRows.map(relative)];
}

function probeWithDefaults(candidate: Candidate): ProbeResult {
  const result = probe(candidate);
  if (candidate.defaults === undefined) return result;
  return {
    ...result,
    notes: `${result.notes}. With its default options: ${probe(candidate.defaults).notes}`,
  };
}

function megabytes(text: string): number {
  return Buffer.byteLength(text) / 1e6;
}

function measured(name: string, input: string, size: number, timings: readonly Timing[]) {
  const wall = timings.map((timing) => timing.wallMs);
  const bestMs = Math.min(...wall);
  return {
    bench: 'xml',
    name,
    input,
    megabytes: size,
    runs: timings.length,
    bestMs,
    medianMs: median(wall),
    mbPerSecond: size / (bestMs / 1000),
    mbPerCpuSecond: size / (Math.min(...timings.map((timing) => timing.cpuMs)) / 1000),
  };
}

/** Parses and checks the result holds every VM, so no candidate gets credit for half the work. */
function parseChecked(candidate: Candidate, { xml, vms }: Document): void {
  const found = candidate.parse(xml).vms();
  if (found !== vms) throw new Error(`${candidate.name} found ${found} VMs instead of ${vms}`);
}

function decodeChecked(candidate: EnvelopeCandidate, { envelope, xml }: Document): void {
  if (candidate.decode(envelope) !== xml)
    throw new Error(`${candidate.name} did not return the pool as sent`);
}
