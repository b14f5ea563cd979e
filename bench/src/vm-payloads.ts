/**
 * The answers the benchmarks read, built once per size: an oVirt `<vms>` document of full VMs, an
 * OpenNebula `one.vmpool.infoextended` methodResponse of full VMs (from the generator's XSD
 * samples), and CloudStack `listVirtualMachines` VMs as JSON. Large answers are built in chunks,
 * so that 50,000 VMs (hundreds of MB) never need one string of the whole body.
 */
import { readOpenNebula, sampleDocument } from '@overcast/generator-opennebula';
import { buildXml } from '@overcast/runtime/xml';
import { encodeMethodResponse } from '@overcast/runtime/xmlrpc';
import { schemaDir } from '@overcast/schemas';

/** Items joined into one string at a time: large enough to be fast, small enough to stay cheap. */
const CHUNK = 1000;

/** `head`, then `item(0)…item(count − 1)` separated by `separator`, then `tail`, as UTF-8 bytes. */
function chunkedBytes(
  head: string,
  count: number,
  item: (i: number) => string,
  separator: string,
  tail: string,
): Buffer {
  const chunks = [Buffer.from(head)];
  for (let start = 0; start < count; start += CHUNK) {
    const parts: string[] = [];
    for (let i = start; i < Math.min(count, start + CHUNK); i++) parts.push(item(i));
    chunks.push(Buffer.from((start === 0 ? '' : separator) + parts.join(separator)));
  }
  chunks.push(Buffer.from(tail));
  return Buffer.concat(chunks);
}

// ---------------------------------------------------------------------------------------------
// oVirt

const OVIRT_LINKS = [
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
function ovirtVmXml(i: number): string {
  const id = `6a8e0c2f-${String(i).padStart(4, '0')}-4d2b-9a51-3e7f2c1d${String(i).padStart(4, '0')}`;
  const href = `/ovirt-engine/api/vms/${id}`;
  const links = OVIRT_LINKS.map((rel) => `<link href="${href}/${rel}" rel="${rel}"/>`).join('');
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

/** The `<vms>` answer of `GET /ovirt-engine/api/vms` with `count` full VMs (about 5 KB each). */
export function ovirtVmsDocument(count: number): Buffer {
  return chunkedBytes('<vms>\n', count, ovirtVmXml, '\n', '\n</vms>');
}

// ---------------------------------------------------------------------------------------------
// OpenNebula

/** The methodResponse bytes oned would send for `one.vmpool.infoextended` with `count` VMs (about 8.5 KB each). */
export function openNebulaVmPoolResponse(count: number): Buffer {
  const ir = readOpenNebula(schemaDir('opennebula'));
  const pool = buildXml(sampleDocument(ir, 'vm_pool_extended', { items: 1, repeat: 1 }), {
    declaration: false,
  });
  const vm = pool.replace(/^<VM_POOL>/, '').replace(/<\/VM_POOL>$/, '');
  if (!vm.startsWith('<VM><ID>')) throw new Error('unexpected sample VM shape');
  // The envelope and one VM escaped by the runtime's encoder, then the VMs repeated with their IDs:
  // the same bytes as encodeMethodResponse of the whole pool, without a string of the whole pool.
  const marker = 'BENCH-VMS';
  const [head, tail] = encodeMethodResponse([true, `<VM_POOL>${marker}</VM_POOL>`, 0]).split(marker);
  const escapedVm = /<string>(.*)<\/string>/s.exec(encodeMethodResponse(vm))?.[1];
  const idPrefix = /^&lt;VM&gt;&lt;ID&gt;\d+&lt;\/ID&gt;/;
  if (head === undefined || tail === undefined || escapedVm === undefined || !idPrefix.test(escapedVm)) {
    throw new Error('unexpected methodResponse shape');
  }
  return chunkedBytes(
    head,
    count,
    (i) => escapedVm.replace(idPrefix, `&lt;VM&gt;&lt;ID&gt;${i}&lt;/ID&gt;`),
    '',
    tail,
  );
}

// ---------------------------------------------------------------------------------------------
// CloudStack

/**
 * One VM as CloudStack 4.18 lists it to an admin (`listVirtualMachines`, details `all`): the
 * fields a running KVM guest carries, one NIC, one security group, tags and details; about 2.7 KB
 * of JSON.
 */
export function cloudStackVm(i: number): Record<string, unknown> {
  const hex = i.toString(16).padStart(8, '0');
  const id = `${hex}-5b1e-4c7a-9f3d-2e8b6a4c1d0f`;
  const account = { account: 'admin', userid: 'a1b2c3d4-0000-4000-8000-000000000002', username: 'admin' };
  const domain = { domainid: 'a1b2c3d4-0000-4000-8000-000000000001', domain: 'ROOT', domainpath: 'ROOT' };
  return {
    id,
    name: `vm-${i}`,
    displayname: `benchmark virtual machine ${i}`,
    ...account,
    ...domain,
    created: '2024-03-01T10:15:30+0100',
    lastupdated: '2024-03-02T08:00:00+0100',
    state: i % 10 === 0 ? 'Stopped' : 'Running',
    haenable: false,
    groupid: 'c0ffee00-0000-4000-8000-000000000010',
    group: 'web',
    zoneid: 'c0ffee00-0000-4000-8000-000000000001',
    zonename: 'zone-1',
    hostid: 'c0ffee00-0000-4000-8000-000000000002',
    hostname: `kvm-host-${i % 40}`,
    hostcontrolstate: 'Enabled',
    templateid: 'c0ffee00-0000-4000-8000-000000000003',
    templatename: 'Ubuntu 22.04 LTS',
    templatedisplaytext: 'Ubuntu 22.04 LTS (Jammy), cloud image',
    templatetype: 'USER',
    passwordenabled: false,
    serviceofferingid: 'c0ffee00-0000-4000-8000-000000000004',
    serviceofferingname: 'Medium Instance',
    cpunumber: 2,
    cpuspeed: 2000,
    memory: 4096,
    cpuused: '3.25%',
    networkkbsread: 120_034 + i,
    networkkbswrite: 80_211 + i,
    diskkbsread: 2_048_000 + i,
    diskkbswrite: 1_024_000 + i,
    memorykbs: 4_194_304,
    memoryintfreekbs: 1_048_576,
    memorytargetkbs: 4_194_304,
    diskioread: 51_200 + i,
    diskiowrite: 25_600 + i,
    guestosid: 'c0ffee00-0000-4000-8000-000000000005',
    rootdeviceid: 0,
    rootdevicetype: 'ROOT',
    securitygroup: [
      {
        id: 'c0ffee00-0000-4000-8000-000000000006',
        name: 'default',
        description: 'Default Security Group',
        ...account,
        ...domain,
        ingressrule: [],
        egressrule: [],
        tags: [],
        virtualmachineids: [],
      },
    ],
    nic: [
      {
        id: `${hex}-6c2f-4d8b-a04e-3f9c7b5d2e1a`,
        networkid: 'c0ffee00-0000-4000-8000-000000000007',
        networkname: 'guest-network',
        netmask: '255.255.0.0',
        gateway: '10.1.0.1',
        ipaddress: `10.1.${(i >> 8) & 255}.${i & 255}`,
        isolationuri: 'vlan://1024',
        broadcasturi: 'vlan://1024',
        traffictype: 'Guest',
        type: 'Isolated',
        isdefault: true,
        macaddress: `02:00:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}`,
        secondaryip: [],
        extradhcpoption: [],
        deviceid: '0',
      },
    ],
    hypervisor: 'KVM',
    instancename: `i-2-${i + 100}-VM`,
    details: { cpuOvercommitRatio: '2.0', memoryOvercommitRatio: '1.0', rootDiskController: 'virtio' },
    readonlydetails: 'dataDiskController,rootDiskController',
    affinitygroup: [],
    displayvm: true,
    isdynamicallyscalable: false,
    ostypeid: 'c0ffee00-0000-4000-8000-000000000005',
    osdisplayname: 'Ubuntu 22.04 LTS',
    tags: [
      { key: 'team', value: 'web', resourcetype: 'UserVm', resourceid: id, ...account, ...domain },
      { key: 'env', value: 'production', resourcetype: 'UserVm', resourceid: id, ...account, ...domain },
    ],
    hasannotations: false,
    receivedbytes: 12_345_678 + i,
    sentbytes: 8_765_432 + i,
  };
}
