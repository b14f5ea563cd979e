/**
 * The oVirt benchmark: reading a `<vms>` answer of 10,000 full VMs (shaped like the engine's, links
 * included) into typed objects, against the raw XML parse of the same bytes in the same run; the
 * peak memory of the process; and the time to generate @overcast/ovirt and to type-check it.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readXml } from '@overcast/ovirt';
import { parseXml } from '@overcast/runtime/xml';
import { SaxesParser } from 'saxes';
import { type MetricRow, median, timeMs } from './measure.js';

const VM_COUNT = 10_000;
const RUNS = 3;
const LINKS = [
  'affinitylabels',
  'applications',
  'cdroms',
  'diskattachments',
  'floppies',
  'graphicsconsoles',
  'hostdevices',
  'katelloerrata',
  'mediateddevices',
  'nics',
  'numanodes',
  'permissions',
  'reporteddevices',
  'sessions',
  'snapshots',
  'statistics',
  'tags',
  'watchdogs',
  'backups',
  'checkpoints',
];

/** One VM as the engine lists it with `all_content`: attributes, nested structs, references, links. */
function vmXml(i: number): string {
  const id = `6a8e0c2f-${String(i).padStart(4, '0')}-4d2b-9a51-3e7f2c1d${String(i).padStart(4, '0')}`;
  const href = `/ovirt-engine/api/vms/${id}`;
  const links = LINKS.map((rel) => `<link href="${href}/${rel}" rel="${rel}"/>`).join('');
  return `<vm href="${href}" id="${id}">${links}<name>vm-${i}</name><description>benchmark virtual machine ${i}</description><comment>created by the bench</comment>
<bios><boot_menu><enabled>false</enabled></boot_menu><type>q35_ovmf</type></bios>
<console><enabled>false</enabled></console>
<cpu><architecture>x86_64</architecture><topology><cores>2</cores><sockets>1</sockets><threads>1</threads></topology></cpu>
<cpu_shares>0</cpu_shares><creation_time>2024-03-01T10:15:30.123+01:00</creation_time><delete_protected>false</delete_protected>
<display><address>192.168.1.${i % 250}</address><allow_override>false</allow_override><certificate><content>-----BEGIN CERTIFICATE-----MIID</content><organization>example.com</organization><subject>O=example.com,CN=host</subject></certificate><copy_paste_enabled>true</copy_paste_enabled><disconnect_action>LOCK_SCREEN</disconnect_action><file_transfer_enabled>true</file_transfer_enabled><monitors>1</monitors><port>5900</port><secure_port>5901</secure_port><single_qxl_pci>false</single_qxl_pci><smartcard_enabled>false</smartcard_enabled><type>vnc</type></display>
<high_availability><enabled>false</enabled><priority>0</priority></high_availability>
<io><threads>1</threads></io>
<large_icon href="/ovirt-engine/api/icons/1" id="a1"/>
<memory>4294967296</memory>
<memory_policy><ballooning>true</ballooning><guaranteed>4294967296</guaranteed><max>17179869184</max></memory_policy>
<migration><auto_converge>inherit</auto_converge><compressed>inherit</compressed><encrypted>inherit</encrypted></migration>
<migration_downtime>-1</migration_downtime><multi_queues_enabled>true</multi_queues_enabled>
<origin>ovirt</origin>
<os><boot><devices><device>hd</device><device>network</device></devices></boot><type>rhel_9x64</type></os>
<placement_policy><affinity>migratable</affinity></placement_policy>
<sso><methods><method id="guest_agent"/></methods></sso>
<start_paused>false</start_paused><stateless>false</stateless><storage_error_resume_behaviour>auto_resume</storage_error_resume_behaviour>
<time_zone><name>Etc/GMT</name></time_zone><type>server</type>
<usb><enabled>false</enabled></usb>
<cluster href="/ovirt-engine/api/clusters/c1" id="c1"/><cpu_profile href="/ovirt-engine/api/cpuprofiles/p1" id="p1"/><quota id="q1"/>
<next_run_configuration_exists>false</next_run_configuration_exists><numa_tune_mode>interleave</numa_tune_mode>
<run_once>false</run_once><start_time>2024-03-02T08:00:00.000+01:00</start_time><status>${i % 2 === 0 ? 'up' : 'down'}</status>
<stop_time>2024-03-02T07:59:00.000+01:00</stop_time>
<host href="/ovirt-engine/api/hosts/h1" id="h1"/><original_template href="/ovirt-engine/api/templates/t0" id="t0"/><template href="/ovirt-engine/api/templates/t0" id="t0"/>
</vm>`;
}

export function vmsDocument(): Uint8Array {
  const parts = ['<vms>'];
  for (let i = 0; i < VM_COUNT; i++) parts.push(vmXml(i));
  parts.push('</vms>');
  return new TextEncoder().encode(parts.join('\n'));
}

/** The raw parse: saxes over the same text with no-op handlers (what every reader pays at least). */
function saxesOnly(bytes: Uint8Array): void {
  const parser = new SaxesParser();
  let events = 0;
  parser.on('opentag', () => events++);
  parser.on('text', () => events++);
  parser.on('closetag', () => events++);
  parser.write(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).close();
}

function best(run: () => unknown): { best: number; median: number } {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(timeMs(run));
  return { best: Math.min(...times), median: median(times) };
}

function seconds(command: string, args: string[], cwd: string): number {
  const started = performance.now();
  execFileSync(command, args, { cwd, stdio: 'ignore' });
  return (performance.now() - started) / 1000;
}

export async function runOvirtBench(): Promise<MetricRow[]> {
  const bytes = vmsDocument();
  const megabytes = bytes.length / 1e6;
  const read = readXml(bytes);
  if (!read.list || (read.value as unknown[]).length !== VM_COUNT) throw new Error('the typed read lost VMs');
  // The typed read runs first (after one untimed warm-up of each), so the process's peak memory is
  // the typed read's and neither side pays for the heap growing.
  saxesOnly(bytes);
  const typed = best(() => readXml(bytes));
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  const raw = best(() => saxesOnly(bytes));
  const tree = best(() => parseXml(bytes));
  const packageDir = fileURLToPath(new URL('../../packages/ovirt/', import.meta.url));
  const generate = seconds('npm', ['run', 'generate', '--silent'], packageDir);
  const typecheck = seconds('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], packageDir);
  const input = `${VM_COUNT} VMs, ${megabytes.toFixed(1)} MB`;
  return [
    {
      name: `ovirt: raw parse (saxes, events only), ${input}`,
      value: megabytes / (raw.best / 1000),
      unit: 'MB/s',
      note: `best of ${RUNS}: ${raw.best.toFixed(0)} ms (median ${raw.median.toFixed(0)} ms)`,
    },
    {
      name: `ovirt: runtime parseXml (tree), ${input}`,
      value: megabytes / (tree.best / 1000),
      unit: 'MB/s',
      baseline: 'ovirt: raw parse',
      ratio: tree.best / raw.best,
      note: `best of ${RUNS}: ${tree.best.toFixed(0)} ms; ratio = time / raw parse time`,
    },
    {
      name: `ovirt: typed read (readXml → types.Vm[]), ${input}`,
      value: megabytes / (typed.best / 1000),
      unit: 'MB/s',
      baseline: 'ovirt: raw parse',
      ratio: typed.best / raw.best,
      note: `best of ${RUNS}: ${typed.best.toFixed(0)} ms (median ${typed.median.toFixed(0)} ms); ratio = time / raw parse time`,
    },
    { name: 'ovirt: peak RSS of the bench process after the typed reads', value: peakMiB, unit: 'MiB' },
    { name: 'ovirt: generate @overcast/ovirt (npm run generate)', value: generate, unit: 's' },
    { name: 'ovirt: type-check @overcast/ovirt (tsc --noEmit)', value: typecheck, unit: 's' },
  ];
}
