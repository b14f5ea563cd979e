/**
 * Every document the OpenNebula simulator sends validates against the pinned XSDs with
 * `xmllint --schema` (Debian's libxml2-utils). oned's answers carry no namespace while the XSDs
 * declare one, so — as the research note explains — the schema's xmlns is put on each root before
 * validating. The XSDs are read in place from ../shared/schemas.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decodeMethodResponse, encodeMethodCall, type XmlRpcInput } from '@overcast/runtime/xmlrpc';
import { type RunningOpenNebulaSimulator, startOpenNebulaSimulator } from '@overcast/simulators';
import { afterAll, beforeAll, expect, it } from 'vitest';

const XSD_DIR = fileURLToPath(new URL('../../../shared/schemas/opennebula/7.5.80/xsd/', import.meta.url));
const XMLLINT = '/usr/bin/xmllint';
const NAMESPACE = 'http://opennebula.org/XMLSchema';

/** The schema file of each document root the simulator sends. */
const SCHEMA_OF: Record<string, string> = {
  USER: 'user.xsd',
  USER_POOL: 'user_pool.xsd',
  HOST: 'host.xsd',
  HOST_POOL: 'host_pool.xsd',
  VMTEMPLATE: 'vmtemplate.xsd',
  VMTEMPLATE_POOL: 'vmtemplate_pool.xsd',
  IMAGE: 'image.xsd',
  IMAGE_POOL: 'image_pool.xsd',
  VNET: 'vnet.xsd',
  VNET_POOL: 'vnet_pool.xsd',
  VM: 'vm.xsd',
  VM_POOL: 'vm_pool.xsd',
  MARKETPLACE: 'marketplace.xsd',
  MARKETPLACE_POOL: 'marketplace_pool.xsd',
  OPENNEBULA_CONFIGURATION: 'opennebula_configuration.xsd',
};

/** Full VMs under `VM_POOL` (`infoextended`, `infoset` extended) have their own schema. */
const EXTENDED_VM_POOL = 'vm_pool_extended.xsd';

let sim: RunningOpenNebulaSimulator;
let dir: string;

beforeAll(async () => {
  if (!existsSync(XSD_DIR)) {
    throw new Error(
      `${XSD_DIR} is missing: these tests need ../shared (the staged OpenNebula XSDs) beside the repository`,
    );
  }
  if (!existsSync(XMLLINT)) {
    throw new Error(
      `${XMLLINT} is missing: these tests need libxml2-utils; \`sh scripts/system-deps.sh\` installs it`,
    );
  }
  sim = await startOpenNebulaSimulator({ transitionMs: 5 });
  dir = await mkdtemp(join(tmpdir(), 'overcast-one-xsd-'));
});
afterAll(async () => {
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function call(method: string, ...params: XmlRpcInput[]): Promise<string | number> {
  const response = await fetch(sim.endpoint, {
    method: 'POST',
    body: encodeMethodCall(method, [sim.session, ...params]),
  });
  const answer = decodeMethodResponse(await response.text());
  if (!Array.isArray(answer) || answer[0] !== true) throw new Error(`${method} failed: ${String(answer)}`);
  return answer[1] as string | number;
}

async function until(probe: () => Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + 10_000; !(await probe()); ) {
    if (Date.now() > deadline) throw new Error('the simulator did not reach the expected state');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A cloud with every kind of object, in several states, with awkward template values. */
async function populate(): Promise<{ vms: number[] }> {
  await call('one.user.allocate', 'alice', 'secret', 'core', [1]);
  await call('one.user.update', 1, 'NOTE = "a <b> & \\"c\\""\nSSH = [ KEY = "ssh-ed25519 AAAA" ]', 0);
  await call('one.host.allocate', 'node1', 'kvm', 'kvm', -1);
  await call('one.host.allocate', 'node2', 'lxc', 'lxc', 0);
  await call('one.host.update', 0, 'LABELS = "HD"', 1);
  await call(
    'one.image.allocate',
    'NAME = os\nPATH = /var/tmp/os.qcow2\nTYPE = OS\nDESCRIPTION = "]]> <x>"',
    1,
  );
  await call('one.image.allocate', 'NAME = data\nTYPE = DATABLOCK\nSIZE = 512\nPERSISTENT = YES', 1);
  await call(
    'one.vn.allocate',
    'NAME = lan\nVN_MAD = bridge\nAR = [ TYPE = IP4, IP = 10.0.0.2, SIZE = 50 ]\nAR = [ TYPE = ETHER, SIZE = 8 ]',
    -1,
  );
  await call('one.vn.allocate', 'NAME = empty\nVN_MAD = dummy\nBRIDGE = br0', -1);
  const template = await call(
    'one.template.allocate',
    [
      'NAME = "web"',
      'CPU = 0.5',
      'VCPU = 2',
      'MEMORY = 512',
      'DISK = [ IMAGE_ID = 0 ]',
      'DISK = [ IMAGE_ID = 1, TARGET = vdb ]',
      'NIC = [ NETWORK_ID = 0 ]',
      'CONTEXT = [ NETWORK = "YES", SSH_PUBLIC_KEY = "$USER[SSH_PUBLIC_KEY]" ]',
      'GRAPHICS = [ TYPE = VNC, LISTEN = 0.0.0.0 ]',
      'OS = [ ARCH = x86_64 ]',
      'LABELS = "a,b"',
      'SCHED_REQUIREMENTS = "ID=\\"0\\""',
      'VIDEO = [ TYPE = virtio ]',
    ].join('\n'),
  );
  await call('one.template.chmod', template, 1, 1, 0, 1, 0, 0, 1, 0, 0);
  const vms: number[] = [];
  for (const name of ['running', 'off', 'gone', 'susp', 'away'])
    vms.push(Number(await call('one.template.instantiate', template, name)));
  vms.push(Number(await call('one.vm.allocate', 'NAME = held\nMEMORY = 64\nCPU = 1\nCPU = 2', true)));
  vms.push(
    Number(
      await call(
        'one.vm.allocate',
        '<VM><NAME>xml</NAME><MEMORY>64</MEMORY><NIC><NETWORK_ID>0</NETWORK_ID></NIC></VM>',
      ),
    ),
  );
  await call('one.vm.update', vms[0] ?? 0, 'NOTE = "<&>"', 1);
  const state = async (id: number) =>
    /<STATE>(\d+)<\/STATE><LCM_STATE>(\d+)</
      .exec(String(await call('one.vm.info', id)))
      ?.slice(1)
      .join('/');
  await until(async () => (await Promise.all(vms.slice(0, 5).map(state))).every((s) => s === '3/3'));
  await call('one.vm.action', 'poweroff', vms[1] ?? 0);
  await call('one.vm.action', 'terminate', vms[2] ?? 0);
  await call('one.vm.action', 'suspend', vms[3] ?? 0);
  await call('one.vm.action', 'undeploy', vms[4] ?? 0);
  await until(async () => (await state(vms[2] ?? 0)) === '6/0' && (await state(vms[4] ?? 0)) === '9/0');
  return { vms };
}

/** The documents of every info and pool method the simulator serves, with objects in them, and their schema files. */
async function documents(vms: number[]): Promise<[schema: string, document: string][]> {
  const single = await Promise.all([
    call('one.user.info', 0),
    call('one.user.info', 2),
    call('one.host.info', 0),
    call('one.host.info', 1),
    call('one.template.info', 0),
    call('one.image.info', 0),
    call('one.image.info', 1),
    call('one.vn.info', 0),
    call('one.vn.info', 1),
    ...vms.map((id) => call('one.vm.info', id)),
    call('one.system.config'),
    call('one.market.info', 0),
    call('one.marketpool.info'),
  ]);
  const pools = await Promise.all([
    call('one.userpool.info'),
    call('one.hostpool.info'),
    call('one.templatepool.info', -2, -1, -1),
    call('one.imagepool.info', -2, -1, -1),
    call('one.vnpool.info', -2, -1, -1),
    call('one.vmpool.info', -2, -1, -1, -2),
    call('one.vmpool.info', -2, -1, -1, 99),
    call('one.vmpool.infoset', vms.join(','), false),
  ]);
  const extended = await Promise.all([
    call('one.vmpool.infoextended', -2, -1, -1, -2),
    call('one.vmpool.infoset', vms.join(','), true),
  ]);
  return [
    ...[...single, ...pools].map((doc): [string, string] => [
      SCHEMA_OF[rootOf(String(doc))] ?? 'unknown root',
      String(doc),
    ]),
    ...extended.map((doc): [string, string] => [EXTENDED_VM_POOL, String(doc)]),
  ];
}

function rootOf(doc: string): string {
  return /^<([A-Z_]+)[\s/>]/.exec(doc)?.[1] ?? '';
}

const execFileAsync = promisify(execFile);

it('sends only documents valid against the pinned XSDs, for every object and pool kind', async () => {
  const { vms } = await populate();
  const bySchema = new Map<string, string[]>();
  const docs = await documents(vms);
  await Promise.all(
    docs.map(async ([schema, doc], i) => {
      const root = rootOf(doc);
      expect(doc.includes('xmlns'), `${root} carries no namespace, as oned's answers`).toBe(false);
      const file = join(dir, `${i}-${root}.xml`);
      await writeFile(file, doc.replace(`<${root}`, `<${root} xmlns="${NAMESPACE}"`));
      bySchema.set(schema, [...(bySchema.get(schema) ?? []), file]);
    }),
  );
  expect([...bySchema.keys()].sort()).toEqual([...Object.values(SCHEMA_OF), EXTENDED_VM_POOL].sort());
  for (const [schema, files] of bySchema) {
    const result = await execFileAsync(XMLLINT, [
      '--noout',
      '--schema',
      join(XSD_DIR, schema),
      ...files,
    ]).catch((error: { stderr?: string }) => ({ stderr: `FAILED\n${error.stderr ?? String(error)}` }));
    expect(result.stderr, `documents against ${schema}`).not.toContain('FAILED');
    expect(result.stderr.match(/ validates$/gm)).toHaveLength(files.length);
  }
}, 60_000);
