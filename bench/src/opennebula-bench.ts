/**
 * OpenNebula decoding throughput: a `one.vmpool.infoextended` answer of 10,000 full VMs (built
 * from the generator's XSD samples: templates, history, monitoring; valid against
 * vm_pool_extended.xsd) decoded from response bytes to typed objects, against the runtime's raw
 * XML parse of the same bytes, interleaved in the same run. Goal: typed decode within 2× of raw.
 */

import { readOpenNebula, sampleDocument } from '@overcast/generator-opennebula';
import { decodeDocument, METHODS } from '@overcast/opennebula';
import { buildXml, parseXml, scanXml, type XmlEventHandler } from '@overcast/runtime/xml';
import { decodeMethodResponse, encodeMethodResponse } from '@overcast/runtime/xmlrpc';
import { schemaDir } from '@overcast/schemas';
import { type MetricRow, median, timeMs } from './measure.js';

const VMS = 10_000;
const ROUNDS = 3;

/** The methodResponse bytes oned would send for `one.vmpool.infoextended` with `count` VMs. */
export function vmPoolExtendedResponse(count: number): Uint8Array {
  const ir = readOpenNebula(schemaDir('opennebula'));
  const pool = buildXml(sampleDocument(ir, 'vm_pool_extended', { items: 1, repeat: 1 }), {
    declaration: false,
  });
  const vm = pool.replace(/^<VM_POOL>/, '').replace(/<\/VM_POOL>$/, '');
  if (!vm.startsWith('<VM><ID>')) throw new Error('unexpected sample VM shape');
  const vms: string[] = [];
  for (let i = 0; i < count; i++) vms.push(vm.replace(/^<VM><ID>\d+<\/ID>/, `<VM><ID>${i}</ID>`));
  return new TextEncoder().encode(encodeMethodResponse([true, `<VM_POOL>${vms.join('')}</VM_POOL>`, 0]));
}

/** Bytes → typed VM_POOL, as OneServer does after the HTTP exchange. */
function typedDecode(bytes: Uint8Array): number {
  const spec = METHODS['one.vmpool.infoextended']?.returns;
  if (typeof spec !== 'object' || !('document' in spec))
    throw new Error('one.vmpool.infoextended answers no document');
  const answer = decodeMethodResponse(new TextDecoder().decode(bytes));
  if (!Array.isArray(answer) || typeof answer[1] !== 'string') throw new Error('unexpected answer');
  const pool = decodeDocument(answer[1], spec.document, spec.root) as { VM: Array<{ ID: number }> };
  return pool.VM.length;
}

const NO_OP: XmlEventHandler = { open() {}, close() {}, text() {} };

/**
 * The baseline: the raw parse of the same bytes — the runtime's envelope scanner, then saxes
 * streaming the document inside with a no-op handler (what any client must at least do).
 */
function rawParse(bytes: Uint8Array): number {
  const answer = decodeMethodResponse(new TextDecoder().decode(bytes));
  if (!Array.isArray(answer) || typeof answer[1] !== 'string') throw new Error('unexpected answer');
  scanXml(answer[1], NO_OP);
  return answer[1].length;
}

/** For context: the envelope scanner, then the runtime's XML parser to an untyped element tree. */
function treeParse(bytes: Uint8Array): number {
  const answer = decodeMethodResponse(new TextDecoder().decode(bytes));
  if (!Array.isArray(answer) || typeof answer[1] !== 'string') throw new Error('unexpected answer');
  return parseXml(answer[1]).children.length;
}

export async function runOpenNebulaBench(): Promise<MetricRow[]> {
  const bytes = vmPoolExtendedResponse(VMS);
  const megabytes = bytes.byteLength / 1e6;
  if (typedDecode(bytes) !== VMS) throw new Error('typed decode lost VMs');
  rawParse(bytes);
  const typed: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    raw.push(timeMs(() => rawParse(bytes)));
    typed.push(timeMs(() => typedDecode(bytes)));
  }
  // The tree parse runs last, so its trees do not raise the typed decode's memory high-water mark.
  const rssBeforeTree = process.resourceUsage().maxRSS;
  const tree: number[] = [];
  for (let round = 0; round < ROUNDS; round++) tree.push(timeMs(() => treeParse(bytes)));
  const typedMbps = megabytes / (Math.min(...typed) / 1000);
  const rawMbps = megabytes / (Math.min(...raw) / 1000);
  const treeMbps = megabytes / (Math.min(...tree) / 1000);
  const RAW = 'opennebula raw parse (envelope scanner + saxes streaming)';
  const input = `one.vmpool.infoextended, ${VMS} VMs, ${megabytes.toFixed(1)} MB`;
  return [
    {
      name: RAW,
      value: round(rawMbps),
      unit: 'MB/s',
      note: `${input}; best of ${ROUNDS}, median ${Math.round(median(raw))} ms`,
    },
    {
      name: 'opennebula typed decode (bytes → VM_POOL)',
      value: round(typedMbps),
      unit: 'MB/s',
      baseline: RAW,
      ratio: round(typedMbps / rawMbps),
      note: `${input}; best of ${ROUNDS}, median ${Math.round(median(typed))} ms; goal: ratio ≥ 0.5 (within 2× of raw)`,
    },
    {
      name: 'opennebula tree parse (envelope scanner + parseXml), for context',
      value: round(treeMbps),
      unit: 'MB/s',
      baseline: RAW,
      ratio: round(treeMbps / rawMbps),
      note: `${input}; best of ${ROUNDS}, median ${Math.round(median(tree))} ms; run after the typed decode`,
    },
    {
      name: 'opennebula peak RSS (raw + typed decode)',
      value: Math.round(rssBeforeTree / 1024),
      unit: 'MB',
      note: 'process high-water mark before the tree parse runs, input documents included',
    },
    {
      name: 'opennebula peak RSS',
      value: Math.round(process.resourceUsage().maxRSS / 1024),
      unit: 'MB',
      note: 'process high-water mark, tree parse and input documents included',
    },
  ];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
