/**
 * XML parsing throughput, to choose the runtime's parser by measurement and to hold the XML-RPC
 * scanner to its promise. Parses a generated ~50 MB OpenNebula-like VM_POOL with every candidate,
 * then the same pool as OpenNebula sends it (one escaped string in a methodResponse) with our
 * decoder and, for contrast, generic parsers. Candidates run interleaved, round after round, so
 * that load from other processes spreads over all of them; each row reports its best run.
 */
import { type BenchResult, median, timeMs } from './measure.js';
import {
  type Candidate,
  ENVELOPE_CANDIDATES,
  type EnvelopeCandidate,
  FAST_XML_PARSER_DEFAULTS,
  POOL_CANDIDATES,
  type ProbeResult,
  probe,
} from './xml-candidates.js';
import { poolMethodResponse, vmPoolDocument } from './xml-documents.js';

const DOCUMENT_BYTES = 50_000_000;
const WARM_UP_BYTES = 2_000_000;
const MAX_ROUNDS = 3;
/** After this long, no new round starts (two rounds at least): keeps the bench near two minutes. */
const ROUND_BUDGET_MS = 75_000;

export async function runXmlBench(): Promise<BenchResult[]> {
  const pool = vmPoolDocument(DOCUMENT_BYTES);
  const envelope = poolMethodResponse(pool.xml);
  const warmUp = vmPoolDocument(WARM_UP_BYTES);
  const warmUpEnvelope = poolMethodResponse(warmUp.xml);

  const probes = new Map<Candidate, ProbeResult>(
    POOL_CANDIDATES.map((candidate) => [candidate, probe(candidate)]),
  );
  for (const candidate of POOL_CANDIDATES) parseChecked(candidate, warmUp);
  for (const candidate of ENVELOPE_CANDIDATES) decodeChecked(candidate, warmUpEnvelope, warmUp.xml);

  const poolTimes = new Map<Candidate, number[]>(POOL_CANDIDATES.map((candidate) => [candidate, []]));
  const envelopeTimes = new Map<EnvelopeCandidate, number[]>(
    ENVELOPE_CANDIDATES.map((candidate) => [candidate, []]),
  );
  const started = performance.now();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (round >= 2 && performance.now() - started > ROUND_BUDGET_MS) break;
    for (const candidate of POOL_CANDIDATES) {
      poolTimes.get(candidate)?.push(timeMs(() => parseChecked(candidate, pool)));
    }
    for (const candidate of ENVELOPE_CANDIDATES) {
      envelopeTimes.get(candidate)?.push(timeMs(() => decodeChecked(candidate, envelope, pool.xml)));
    }
  }

  const poolMegabytes = Buffer.byteLength(pool.xml) / 1e6;
  const envelopeMegabytes = Buffer.byteLength(envelope) / 1e6;
  const poolRows = POOL_CANDIDATES.map((candidate) => ({
    candidate,
    ...row(candidate.name, `VM_POOL (${pool.vms} VMs)`, poolMegabytes, poolTimes.get(candidate) ?? []),
    ...probes.get(candidate),
  }));
  const fastestRaw = Math.max(...poolRows.filter((r) => r.candidate.raw).map((r) => r.mbPerSecond));
  const envelopeRows = ENVELOPE_CANDIDATES.map((candidate) =>
    row(
      candidate.name,
      'methodResponse with the pool escaped',
      envelopeMegabytes,
      envelopeTimes.get(candidate) ?? [],
    ),
  );
  const defaults = probe(FAST_XML_PARSER_DEFAULTS);
  return [
    ...poolRows.map(({ candidate: _, ...r }) => ({ ...r, ratioToFastestRaw: r.mbPerSecond / fastestRaw })),
    ...envelopeRows.map((r) => ({ ...r, ratioToFastestRaw: r.mbPerSecond / fastestRaw })),
    {
      ...row(FAST_XML_PARSER_DEFAULTS.name, 'entity and malformed-document probes only', 0, []),
      ratioToFastestRaw: 0,
      ...defaults,
    },
  ];
}

function row(name: string, input: string, megabytes: number, times: readonly number[]) {
  const bestMs = times.length === 0 ? 0 : Math.min(...times);
  return {
    bench: 'xml',
    name,
    input,
    megabytes,
    runs: times.length,
    bestMs,
    medianMs: times.length === 0 ? 0 : median(times),
    mbPerSecond: bestMs === 0 ? 0 : megabytes / (bestMs / 1000),
  };
}

/** Parses and checks the result holds every VM, so no candidate gets credit for half the work. */
function parseChecked(candidate: Candidate, document: { xml: string; vms: number }): void {
  const vms = candidate.parse(document.xml).vms();
  if (vms !== document.vms) throw new Error(`${candidate.name} found ${vms} VMs instead of ${document.vms}`);
}

function decodeChecked(candidate: EnvelopeCandidate, envelope: string, poolXml: string): void {
  if (candidate.decode(envelope) !== poolXml)
    throw new Error(`${candidate.name} did not return the pool as sent`);
}
