/**
 * The documents the XML benchmark parses, generated here so the bench needs no fixture: an
 * OpenNebula-like VM_POOL (CDATA-heavy templates, some attributes and escaped text, as oned writes
 * them), and the same pool as OpenNebula sends it over XML-RPC — one escaped string inside a
 * methodResponse.
 */

/** A VM_POOL of about `targetBytes` (ASCII, so bytes = characters) and how many VMs it holds. */
export function vmPoolDocument(targetBytes: number): { xml: string; vms: number } {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<VM_POOL>'];
  let size = parts[0]?.length ?? 0;
  let vms = 0;
  while (size < targetBytes) {
    const vm = vmElement(vms);
    parts.push(vm);
    size += vm.length;
    vms++;
  }
  parts.push('</VM_POOL>\n');
  return { xml: parts.join(''), vms };
}

function vmElement(id: number): string {
  const host = id % 17;
  const disks = Array.from(
    { length: 1 + (id % 3) },
    (_, disk) =>
      `<DISK><DATASTORE><![CDATA[default]]></DATASTORE><DATASTORE_ID><![CDATA[1]]></DATASTORE_ID>` +
      `<DISK_ID><![CDATA[${disk}]]></DISK_ID><IMAGE><![CDATA[debian-12 & friends <gen ${disk}>]]></IMAGE>` +
      `<IMAGE_ID><![CDATA[${(id + disk) % 40}]]></IMAGE_ID><SIZE><![CDATA[${2048 * (disk + 1)}]]></SIZE>` +
      `<TARGET><![CDATA[vd${String.fromCharCode(97 + disk)}]]></TARGET><TYPE><![CDATA[FILE]]></TYPE></DISK>`,
  ).join('');
  return (
    `<VM><ID>${id}</ID><UID>${id % 5}</UID><GID>0</GID><UNAME>user${id % 5}</UNAME><GNAME>oneadmin</GNAME>` +
    `<NAME>vm-${id}</NAME><PERMISSIONS><OWNER_U>1</OWNER_U><OWNER_M>1</OWNER_M><OWNER_A>0</OWNER_A>` +
    `<GROUP_U>0</GROUP_U><GROUP_M>0</GROUP_M><GROUP_A>0</GROUP_A><OTHER_U>0</OTHER_U><OTHER_M>0</OTHER_M>` +
    `<OTHER_A>0</OTHER_A></PERMISSIONS><LAST_POLL>${1_700_000_000 + id}</LAST_POLL><STATE>3</STATE>` +
    `<LCM_STATE>3</LCM_STATE><PREV_STATE>3</PREV_STATE><PREV_LCM_STATE>3</PREV_LCM_STATE><RESCHED>0</RESCHED>` +
    `<STIME>${1_699_000_000 + id}</STIME><ETIME>0</ETIME><DEPLOY_ID>one-${id}</DEPLOY_ID>` +
    `<MONITORING><CPU><![CDATA[${(id % 100) / 10}]]></CPU><MEMORY><![CDATA[${524_288 + id}]]></MEMORY>` +
    `<STATE><![CDATA[a]]></STATE></MONITORING><SCHED_ACTIONS/>` +
    `<TEMPLATE><AUTOMATIC_DS_REQUIREMENTS><![CDATA[("CLUSTERS/ID" @> 0)]]></AUTOMATIC_DS_REQUIREMENTS>` +
    `<CPU><![CDATA[0.5]]></CPU><MEMORY><![CDATA[1024]]></MEMORY><VCPU><![CDATA[${1 + (id % 4)}]]></VCPU>` +
    `<CONTEXT><NETWORK><![CDATA[YES]]></NETWORK><SSH_PUBLIC_KEY><![CDATA[ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA` +
    `IBenchmarkKey${id} user@host]]></SSH_PUBLIC_KEY><TARGET><![CDATA[hda]]></TARGET></CONTEXT>${disks}` +
    `<GRAPHICS><LISTEN><![CDATA[0.0.0.0]]></LISTEN><PORT><![CDATA[${5900 + id}]]></PORT>` +
    `<TYPE><![CDATA[VNC]]></TYPE></GRAPHICS><NIC><AR_ID><![CDATA[0]]></AR_ID><BRIDGE><![CDATA[br0]]></BRIDGE>` +
    `<IP><![CDATA[10.0.${host}.${id % 250}]]></IP><MAC><![CDATA[02:00:0a:00:${(host + 16).toString(16)}:01]]></MAC>` +
    `<NETWORK><![CDATA[private]]></NETWORK><NIC_ID><![CDATA[0]]></NIC_ID></NIC>` +
    `<OS><ARCH><![CDATA[x86_64]]></ARCH></OS><VMID><![CDATA[${id}]]></VMID></TEMPLATE>` +
    `<USER_TEMPLATE><DESCRIPTION>web &amp; db, &quot;tier&quot; ${id % 3} &lt;prod&gt; caf&#233;</DESCRIPTION>` +
    `<LABELS><![CDATA[bench,test]]></LABELS></USER_TEMPLATE>` +
    `<SNAPSHOTS DISK_ID="0" ALLOW_ORPHANS="no"><SNAPSHOT ACTIVE="YES"><ID>0</ID><NAME>base</NAME></SNAPSHOT></SNAPSHOTS>` +
    `<HISTORY_RECORDS><HISTORY><OID>${id}</OID><SEQ>0</SEQ><HOSTNAME>host-${host}</HOSTNAME><HID>${host}</HID>` +
    `<CID>0</CID><STIME>${1_699_000_100 + id}</STIME><ETIME>0</ETIME><VM_MAD><![CDATA[kvm]]></VM_MAD>` +
    `<TM_MAD><![CDATA[ssh]]></TM_MAD><DS_ID>0</DS_ID><ACTION>0</ACTION></HISTORY></HISTORY_RECORDS></VM>`
  );
}

/** What oned sends for `one.vmpool.info`: `[success, pool XML as one escaped string, error code]`. */
export function poolMethodResponse(poolXml: string): string {
  const escaped = poolXml.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\r\n<methodResponse>\r\n<params>\r\n<param><value><array><data>\r\n' +
    `<value><boolean>1</boolean></value>\r\n<value><string>${escaped}</string></value>\r\n` +
    '<value><i4>0</i4></value>\r\n</data></array></value></param>\r\n</params>\r\n</methodResponse>\r\n'
  );
}
