/**
 * What each XML-RPC method does, what its parameters mean and what it answers, in our words, from
 * OpenNebula's XML-RPC reference (one-docs `integration_references/system_interfaces/api.md`) and,
 * for the federation and HA methods it leaves out, from the C++ handlers' names and parameters.
 * Most methods follow a pattern per verb (`allocate`, `chmod`, a pool's `info`…), with the noun of
 * their namespace; METHOD_DOCS holds the rest and what differs. `methodDoc` fails for a method or
 * parameter with no doc, so that a new upstream method cannot go out undocumented.
 */
import type { MethodReturn } from './ir.js';
import { type Noun, namespaceNoun } from './nouns.js';

export interface MethodDoc {
  /** What the call does. */
  summary: string;
  /** Each parameter's meaning, by its proto name. */
  params: Record<string, string>;
  /** What comes back. */
  returns: string;
}

type PartialDoc = Partial<Omit<MethodDoc, 'params'>> & { params?: Record<string, string> };

const TEMPLATE = '`KEY = "value"` template text, XML with a `TEMPLATE` root, or an object';
const EPOCH = 'in seconds since the epoch';
const SESSION_USER = 'the user of the session';

/** Parameters whose meaning does not depend on the method. */
function commonParam(name: string, noun: Noun | undefined): string | undefined {
  const object = noun?.one ?? 'object';
  const rights = /^(user|group|other)_(use|manage|admin)$/.exec(name);
  if (rights) {
    const who = { user: 'Its owner', group: 'The users of its group', other: 'Every other user' }[
      rights[1] as 'user' | 'group' | 'other'
    ];
    const right = { use: 'use', manage: 'manage', admin: 'administer' }[
      rights[2] as 'use' | 'manage' | 'admin'
    ];
    return `${who} may ${right} it: 1 yes, 0 no, -1 unchanged ({@link PERMISSION}).`;
  }
  const docs: Record<string, string> = {
    oid: `The ${object}'s id.`,
    name: 'The new name.',
    append: 'How to write it: 0 replaces the whole template, 1 merges these attributes into it.',
    decrypt: '`true` decrypts the secrets the answer holds; only administrators may.',
    user_id: "The new owner's user id; -1 keeps the owner.",
    group_id: "The new group's id; -1 keeps the group.",
    level:
      'What the lock blocks: 1 use (and every other action), 2 manage, 3 admin (only admin actions), 4 all.',
    test: '`true` makes the call fail when the object is locked already.',
    enable: '`true` enables it, `false` disables it.',
    filter_flag: `Whose ${noun?.many ?? 'objects'}: a {@link POOL_FILTER} value, or a user's id (0 and up) for that user's.`,
    start: 'The first id of the range (-1: from the first); when `end` is below -1, the offset of the page.',
    end: 'The last id of the range (-1: to the last); below -1, minus the page size (`-100` pages by 100 from `start`).',
    cluster_id: "The cluster's id.",
    host_id: "The host's id.",
    ds_id: "The datastore's id.",
    vnet_id: "The virtual network's id.",
    zone_id: "The zone's id.",
    disk_id: "The disk's id (its `DISK_ID`).",
    nic_id: "The NIC's id (its `NIC_ID`).",
    template: `The template: ${TEMPLATE}.`,
    quota: `The quotas: ${TEMPLATE} (\`VM = [ … ]\`, \`DATASTORE = [ … ]\`, \`NETWORK = [ … ]\`, \`IMAGE = [ … ]\`).`,
    xml: `The ${object} as XML.`,
  };
  return docs[name];
}

/** The usual doc of `verb` in an object's namespace, or undefined when the verb has none. */
function verbDoc(verb: string, noun: Noun): PartialDoc | undefined {
  const id = `The ${noun.one}'s id.`;
  switch (verb) {
    case 'allocate':
      return {
        summary: `Creates a ${noun.one}.`,
        params: { template: `The new ${noun.one}: ${TEMPLATE}.` },
        returns: `The new ${noun.one}'s id.`,
      };
    case 'delete':
      return { summary: `Deletes the ${noun.one}.`, returns: id };
    case 'info':
      return { summary: `Reads the ${noun.one}.`, returns: `The ${noun.one}.` };
    case 'update':
      return {
        summary: `Replaces the ${noun.one}'s template, or merges attributes into it.`,
        params: { template: `The attributes to write: ${TEMPLATE}.` },
        returns: id,
      };
    case 'rename':
      return { summary: `Renames the ${noun.one}.`, returns: id };
    case 'chmod':
      return {
        summary: `Changes the ${noun.one}'s permissions: whether its owner, the users of its group and every other user may use, manage and administer it. {@link chmodParams} gives the nine values for an octet (\`'640'\`).`,
        returns: id,
      };
    case 'chown':
      return { summary: `Changes the ${noun.one}'s owner, group, or both.`, returns: id };
    case 'lock':
      return {
        summary: `Locks the ${noun.one} against the actions of a level, until \`unlock\`.`,
        returns: id,
      };
    case 'unlock':
      return { summary: `Unlocks the ${noun.one}.`, returns: id };
    case 'enable':
      return { summary: `Enables or disables the ${noun.one}.`, returns: id };
    case 'clone':
      return {
        summary: `Copies the ${noun.one} under a new name.`,
        params: { name: "The copy's name." },
        returns: `The copy's id.`,
      };
    default:
      return undefined;
  }
}

/** `<ns>pool.info`: the pool of the namespace's objects. */
function poolInfoDoc(noun: Noun, filtered: boolean): PartialDoc {
  return filtered
    ? {
        summary: `Lists ${noun.many}: those of the users a filter selects, whole or a range or a page of them. \`(POOL_FILTER.ALL, -1, -1)\` lists every one the session may see.`,
        returns: `The ${noun.many}.`,
      }
    : { summary: `Lists every ${noun.one}.`, returns: `The ${noun.many}.` };
}

const RAFT = 'Used between the servers of an HA zone (Raft), not by clients:';
const INTERNAL = 'Used by OpenNebula between its servers (HA, federation), not by clients.';
const FEDERATION = 'Used between the zones of a federation, not by clients:';

/** What differs from the patterns, and the methods no pattern covers. */
const METHOD_DOCS: Readonly<Record<string, PartialDoc>> = {
  'one.acl.addrule': {
    summary: 'Adds an ACL rule. `aclRuleParams(rule)` turns a rule string into these parts.',
    params: {
      user: "The rule's user part: a hex number, as a string.",
      resource: "The rule's resource part: a hex number, as a string.",
      rights: "The rule's rights part: a hex number, as a string.",
      zone: "The rule's zone part: a hex number, as a string.",
    },
    returns: "The new rule's id.",
  },
  'one.acl.delrule': {
    summary: 'Deletes an ACL rule.',
    params: { oid: "The rule's id." },
    returns: "The rule's id.",
  },
  'one.acl.info': { summary: 'Lists every ACL rule.', returns: 'The ACL rules.' },
  'one.backupjob.backup': {
    summary: 'Runs the backup job: starts the backups of its VMs, within the limit of backups at once.',
    returns: "The backup job's id.",
  },
  'one.backupjob.cancel': {
    summary: 'Cancels the backup job while it runs.',
    returns: "The backup job's id.",
  },
  'one.backupjob.retry': {
    summary: "Retries the job's VM backups that failed.",
    returns: "The backup job's id.",
  },
  'one.backupjob.priority': {
    summary: "Sets the backup job's priority.",
    params: { priority: 'The new priority; only oneadmin may set one above 50.' },
    returns: "The backup job's id.",
  },
  'one.backupjob.schedadd': {
    summary: 'Adds a scheduled action to the backup job.',
    params: { template: `The scheduled action: ${TEMPLATE}.` },
    returns: "The backup job's id.",
  },
  'one.backupjob.schedupdate': {
    summary: "Changes one of the backup job's scheduled actions.",
    params: { sa_id: "The scheduled action's id.", template: `The scheduled action: ${TEMPLATE}.` },
    returns: "The backup job's id.",
  },
  'one.backupjob.scheddelete': {
    summary: "Deletes one of the backup job's scheduled actions.",
    params: { sa_id: "The scheduled action's id." },
    returns: "The backup job's id.",
  },
  'one.cluster.allocate': { params: { name: "The new cluster's name." } },
  'one.cluster.addhost': { summary: 'Moves a host into the cluster.', returns: "The cluster's id." },
  'one.cluster.delhost': { summary: 'Takes a host out of the cluster.', returns: "The cluster's id." },
  'one.cluster.adddatastore': { summary: 'Adds a datastore to the cluster.', returns: "The cluster's id." },
  'one.cluster.deldatastore': {
    summary: 'Takes a datastore out of the cluster.',
    returns: "The cluster's id.",
  },
  'one.cluster.addvnet': { summary: 'Adds a virtual network to the cluster.', returns: "The cluster's id." },
  'one.cluster.delvnet': {
    summary: 'Takes a virtual network out of the cluster.',
    returns: "The cluster's id.",
  },
  'one.cluster.optimize': {
    summary: 'Makes an optimization plan for the cluster.',
    returns: "The cluster's id.",
  },
  'one.cluster.planexecute': {
    summary: "Starts applying the cluster's optimization plan.",
    returns: "The cluster's id.",
  },
  'one.cluster.plandelete': {
    summary: "Deletes the cluster's optimization plan.",
    returns: "The cluster's id.",
  },
  'one.datastore.allocate': { params: { cluster_id: 'The cluster to put it in; -1 for the default one.' } },
  'one.document.allocate': {
    params: {
      type: 'Its type: a number of your choosing that keeps kinds of documents apart, and that `one.documentpool.info` filters on (OneFlow uses 100 for services, 101 for service templates).',
    },
  },
  'one.documentpool.info': {
    params: {
      start_id:
        'The first id of the range (-1: from the first); when `endId` is below -1, the offset of the page.',
      end_id: 'The last id of the range (-1: to the last); below -1, minus the page size.',
      type: 'The type of the documents to list (the `type` they were created with).',
    },
  },
  'one.group.allocate': { params: { gname: "The new group's name." } },
  'one.group.info': { params: { oid: `The group's id; -1 for the group of ${SESSION_USER}.` } },
  'one.group.addadmin': {
    summary: "Makes a user one of the group's administrators.",
    params: { user_id: "The user's id." },
    returns: "The group's id.",
  },
  'one.group.deladmin': {
    summary: "Removes a user from the group's administrators.",
    params: { user_id: "The user's id." },
    returns: "The group's id.",
  },
  'one.group.quota': { summary: "Sets the group's quotas.", returns: "The group's id." },
  'one.group.vlan': {
    summary:
      "Sets the group's VLAN rules, which say which VLANs its users may ask for when they instantiate a virtual network template or update a network made from one.",
    params: {
      vlan: `The rules: ${TEMPLATE}, one \`RULE = [ ID = "100-199", SCOPE = "VLAN_ID", VNTEMPLATE = "10" ]\` each.`,
    },
    returns: "The group's id.",
  },
  'one.groupquota.info': { summary: 'Reads the default group quotas.', returns: 'The default group quotas.' },
  'one.groupquota.update': {
    summary: 'Sets the default group quotas.',
    returns: 'The default group quotas, as they are now.',
  },
  'one.hook.retry': {
    summary: 'Runs one of the hook’s past executions again.',
    params: { hk_exe_id: "The execution's id (in the hook's log)." },
    returns: "The hook's id.",
  },
  'one.hooklog.info': {
    summary: 'Reads the log of hook executions, filtered.',
    params: {
      min_ts: `The earliest execution to list, ${EPOCH}.`,
      max_ts: `The latest execution to list, ${EPOCH}.`,
      hook_id: 'The hook whose executions to list, by id.',
      rc_hook: 'Which executions: -1 the failed ones, 1 the successful ones, 0 both.',
    },
    returns: 'The hook executions.',
  },
  'one.host.allocate': {
    summary: 'Adds a host.',
    params: {
      name: "The host's hostname.",
      im_mad: 'Its information (monitoring) driver, by its `IM_MAD` name in oned.conf.',
      vm_mad: 'Its virtualization driver, by its `VM_MAD` name in oned.conf.',
      cluster_id: 'The cluster to put it in; -1 for the default one.',
    },
  },
  'one.host.status': {
    summary: 'Enables, disables or sets offline the host.',
    params: { status: 'The new status: a {@link HOST_STATUS} value (0 enabled, 1 disabled, 2 offline).' },
    returns: "The host's id.",
  },
  'one.host.monitoring': {
    summary: "Reads the host's monitoring records.",
    returns: "The host's monitoring records, oldest first.",
  },
  'one.hostpool.monitoring': {
    summary: 'Reads the monitoring records of every host.',
    params: {
      seconds: 'How far back: the records of the last this many seconds; 0 only the latest, -1 all.',
    },
    returns: 'The monitoring records.',
  },
  'one.image.allocate': {
    params: {
      ds_id: 'The datastore to put it in.',
      skip_capacity_check: "`true` skips the check of the datastore's free space; only administrators may.",
    },
  },
  'one.image.clone': { params: { ds_id: 'The datastore of the copy; -1 for the same one.' } },
  'one.image.delete': {
    params: { force: "`true` removes the image even when the datastore's delete fails." },
  },
  'one.image.persistent': {
    summary: 'Makes the image persistent or not.',
    params: { persistent: '`true` persistent, `false` not.' },
    returns: "The image's id.",
  },
  'one.image.chtype': {
    summary: "Changes the image's type.",
    params: { type: 'The new type by name: `OS`, `CDROM`, `DATABLOCK`… (the names of {@link IMAGE_TYPES}).' },
    returns: "The image's id.",
  },
  'one.image.snapshotdelete': {
    summary: "Deletes one of the image's snapshots.",
    params: { snapshot_id: "The snapshot's id." },
    returns: "The snapshot's id.",
  },
  'one.image.snapshotrevert': {
    summary: 'Brings the image back to one of its snapshots.',
    params: { snapshot_id: "The snapshot's id." },
    returns: "The snapshot's id.",
  },
  'one.image.snapshotflatten': {
    summary: 'Makes one of the image’s snapshots the image, and drops the other snapshots.',
    params: { snapshot_id: "The snapshot's id." },
    returns: "The snapshot's id.",
  },
  'one.image.restore': {
    summary: 'Restores a VM backup (a backup image) as a VM template and its disk images.',
    params: {
      ds_id: 'The datastore to put the restored disk images in.',
      opt_tmpl: `Restore options: ${TEMPLATE}. \`NO_IP = "YES"\` and \`NO_NIC = "YES"\` leave addresses and NIC attributes out; \`NAME\` names the template and images; \`INCREMENT_ID\` picks an increment; \`DISK_ID\` restores that disk alone, without a template.`,
    },
    returns: "The ids of the objects restored, separated by spaces: the VM template's first.",
  },
  'one.market.allocatedb': {
    summary: `${FEDERATION} stores a marketplace given as XML.`,
    returns: "The marketplace's id.",
  },
  'one.market.updatedb': {
    summary: `${FEDERATION} replaces a marketplace's XML.`,
    returns: "The marketplace's id.",
  },
  'one.marketapp.allocate': { params: { market_id: 'The marketplace to put it in.' } },
  'one.marketapp.allocatedb': {
    summary: `${FEDERATION} stores a marketplace app given as XML.`,
    returns: "The marketplace app's id.",
  },
  'one.marketapp.updatedb': {
    summary: `${FEDERATION} replaces a marketplace app's XML.`,
    returns: "The marketplace app's id.",
  },
  'one.marketapp.dropdb': {
    summary: `${FEDERATION} removes a marketplace app's record.`,
    returns: "The marketplace app's id.",
  },
  'one.secgroup.commit': {
    summary:
      "Applies the security group's rules to its VMs again: to retry after a failed update, or after oned stopped during one.",
    params: { recovery: '`true` updates only the VMs left outdated or in error, `false` every VM.' },
    returns: "The security group's id.",
  },
  'one.system.config': {
    summary: "Reads oned's configuration (oned.conf).",
    returns: "oned's configuration.",
  },
  'one.system.version': { summary: "Reads oned's version.", returns: 'The version, e.g. `7.5.80`.' },
  'one.system.sql': {
    summary: `Runs an SQL statement on oned's database. ${INTERNAL}`,
    params: {
      sql: 'The statement.',
      federate: 'Whether the statement is a federated one (for the zones of a federation).',
    },
    returns: 'The id oned answers.',
  },
  'one.system.sqlquery': {
    summary: "Runs an SQL query on oned's database.",
    params: { sql: 'The query.' },
    returns: 'The rows, in an `SQL_COMMAND` document read as a plain object.',
  },
  'one.template.clone': {
    params: { recursive: '`true` clones the images of its disks too, and points the copy at them.' },
  },
  'one.template.delete': { params: { recursive: '`true` deletes the images of its disks too.' } },
  'one.template.chmod': {
    params: { recursive: '`true` changes the permissions of the images of its disks too.' },
  },
  'one.template.info': {
    params: {
      extended: "`true` processes the template and adds what follows from it, such as each disk's `SIZE`.",
    },
  },
  'one.template.instantiate': {
    summary: 'Creates a VM from the template.',
    params: {
      name: "The VM's name; empty for one OpenNebula picks.",
      hold: '`true` creates it on hold, `false` pending (to be deployed).',
      extra_template: `Attributes merged into the template for this VM: ${TEMPLATE}. An attribute given here replaces the template's whole (a \`DISK\` replaces every \`DISK\`).`,
      persistent: '`true` instantiates a private, persistent copy of the template and its images.',
    },
    returns: "The new VM's id.",
  },
  'one.user.allocate': {
    summary: 'Creates a user.',
    params: {
      username: "The user's name.",
      password: "The user's password.",
      driver: 'The authentication driver; empty for `core`.',
      group_ids: 'Its groups: the first is its primary group; empty for the default group.',
    },
  },
  'one.user.info': { params: { oid: `The user's id; -1 for ${SESSION_USER}.` } },
  'one.user.passwd': {
    summary: "Changes the user's password.",
    params: { new_password: 'The new password.' },
    returns: "The user's id.",
  },
  'one.user.chauth': {
    summary: "Changes the user's authentication driver, and password.",
    params: {
      new_auth: 'The new driver (`core`, `ldap`…).',
      new_password: 'The new password; empty keeps it.',
    },
    returns: "The user's id.",
  },
  'one.user.chgrp': {
    summary: "Changes the user's primary group.",
    params: { new_gid: "The group's id." },
    returns: "The user's id.",
  },
  'one.user.addgroup': {
    summary: 'Adds the user to a secondary group.',
    params: { group_id: "The group's id." },
    returns: "The user's id.",
  },
  'one.user.delgroup': {
    summary: 'Takes the user out of a secondary group.',
    params: { group_id: "The group's id." },
    returns: "The user's id.",
  },
  'one.user.quota': { summary: "Sets the user's quotas.", returns: "The user's id." },
  'one.user.login': {
    summary: 'Makes a login token for a user, or sets or revokes one.',
    params: {
      uname: 'The user to make the token for.',
      token: 'The token; empty for one oned makes.',
      valid: 'How long it is valid, in seconds; 0 revokes the token, -1 never expires.',
      egid: 'The group the token acts as; -1 for the user’s groups as they are.',
    },
    returns: 'The token.',
  },
  'one.userquota.info': { summary: 'Reads the default user quotas.', returns: 'The default user quotas.' },
  'one.userquota.update': {
    summary: 'Sets the default user quotas.',
    returns: 'The default user quotas, as they are now.',
  },
  'one.vdc.allocate': { params: { template: `The new VDC: ${TEMPLATE}; only \`NAME\` is read.` } },
  'one.vdc.info': { params: { oid: `The VDC's id; -1 for the VDC of ${SESSION_USER}.` } },
  'one.vdc.addgroup': {
    summary: 'Adds a group to the VDC.',
    params: { group_id: "The group's id." },
    returns: "The VDC's id.",
  },
  'one.vdc.delgroup': {
    summary: 'Takes a group out of the VDC.',
    params: { group_id: "The group's id." },
    returns: "The VDC's id.",
  },
  'one.vdc.addcluster': { summary: 'Adds a cluster of a zone to the VDC.', returns: "The VDC's id." },
  'one.vdc.delcluster': { summary: 'Takes a cluster of a zone out of the VDC.', returns: "The VDC's id." },
  'one.vdc.addhost': { summary: 'Adds a host of a zone to the VDC.', returns: "The VDC's id." },
  'one.vdc.delhost': { summary: 'Takes a host of a zone out of the VDC.', returns: "The VDC's id." },
  'one.vdc.adddatastore': { summary: 'Adds a datastore of a zone to the VDC.', returns: "The VDC's id." },
  'one.vdc.deldatastore': {
    summary: 'Takes a datastore of a zone out of the VDC.',
    returns: "The VDC's id.",
  },
  'one.vdc.addvnet': { summary: 'Adds a virtual network of a zone to the VDC.', returns: "The VDC's id." },
  'one.vdc.delvnet': {
    summary: 'Takes a virtual network of a zone out of the VDC.',
    returns: "The VDC's id.",
  },
  'one.vm.allocate': {
    params: { hold: '`true` creates it on hold, `false` pending (to be deployed).' },
  },
  'one.vm.action': {
    summary: 'Runs an action on the VM: terminate, poweroff, suspend, resume, hold, release…',
    params: { action_name: 'The action.' },
    returns: "The VM's id.",
  },
  'one.vm.deploy': {
    summary: 'Deploys the VM on a host (what the scheduler does).',
    params: {
      hid: "The host's id.",
      no_overcommit: "`true` refuses to overcommit the host's capacity.",
      ds_id: 'The system datastore to deploy it to; -1 lets OpenNebula choose.',
      nic_template: `Where the NICs in AUTO mode go: the networks chosen for them, ${TEMPLATE}.`,
    },
    returns: "The VM's id.",
  },
  'one.vm.migrate': {
    summary: 'Moves the VM to another host.',
    params: {
      hid: "The target host's id.",
      live: '`true` migrates it live, while it runs.',
      no_overcommit: "`true` refuses to overcommit the host's capacity.",
      ds_id: 'The target system datastore.',
      migration_type: 'How, for a migration that is not live: 0 save, 1 poweroff, 2 poweroff hard.',
    },
    returns: "The VM's id.",
  },
  'one.vm.disksaveas': {
    summary: 'Saves a disk of the VM as a new image.',
    params: {
      name: "The new image's name.",
      image_type: "The new image's type by name; empty for oned's default.",
      snap_id: 'The disk snapshot to save; -1 for the disk as it is.',
    },
    returns: "The new image's id.",
  },
  'one.vm.disksnapshotcreate': {
    summary: 'Takes a snapshot of a disk of the VM.',
    params: { name: "The snapshot's name." },
    returns: "The new snapshot's id.",
  },
  'one.vm.disksnapshotdelete': {
    summary: 'Deletes a snapshot of a disk of the VM.',
    params: { snap_id: "The snapshot's id." },
    returns: "The snapshot's id.",
  },
  'one.vm.disksnapshotrevert': {
    summary: 'Brings a disk of the VM back to one of its snapshots.',
    params: { snap_id: "The snapshot's id." },
    returns: "The snapshot's id.",
  },
  'one.vm.disksnapshotrename': {
    summary: 'Renames a snapshot of a disk of the VM.',
    params: { snap_id: "The snapshot's id.", name: "The snapshot's new name." },
    returns: "The VM's id.",
  },
  'one.vm.attach': {
    summary: 'Attaches a disk to the VM.',
    params: { template: `The disk, one \`DISK = [ … ]\` vector: ${TEMPLATE}.` },
    returns: "The VM's id.",
  },
  'one.vm.detach': { summary: 'Detaches a disk from the VM.', returns: "The VM's id." },
  'one.vm.diskresize': {
    summary: 'Grows a disk of the VM.',
    params: { size: 'The new size, in MB, as a string.' },
    returns: "The VM's id.",
  },
  'one.vm.attachnic': {
    summary: 'Attaches a network interface to the VM.',
    params: { template: `The NIC, one \`NIC = [ … ]\` vector: ${TEMPLATE}.` },
    returns: "The VM's id.",
  },
  'one.vm.detachnic': { summary: 'Detaches a network interface from the VM.', returns: "The VM's id." },
  'one.vm.updatenic': {
    summary: "Changes the attributes of one of the VM's NICs.",
    params: {
      template: `The NIC's attributes: ${TEMPLATE}.`,
      append: 'How to write them: 0 replaces the whole NIC, 1 merges these attributes into it.',
    },
    returns: "The VM's id.",
  },
  'one.vm.attachsg': {
    summary: "Adds a security group to one of the VM's NICs; a running VM gets its rules at once.",
    params: { sg_id: "The security group's id." },
    returns: "The VM's id.",
  },
  'one.vm.detachsg': {
    summary: "Takes a security group off one of the VM's NICs; a running VM loses its rules at once.",
    params: { sg_id: "The security group's id." },
    returns: "The VM's id.",
  },
  'one.vm.attachpci': {
    summary: 'Attaches a PCI device to the VM.',
    params: { template: `The device, one \`PCI = [ … ]\` vector: ${TEMPLATE}.` },
    returns: "The VM's id.",
  },
  'one.vm.detachpci': {
    summary: 'Detaches a PCI device from the VM.',
    params: { pci_id: "The device's id (its `PCI_ID`)." },
    returns: "The VM's id.",
  },
  'one.vm.snapshotcreate': {
    summary: 'Takes a snapshot of the VM.',
    params: { name: "The snapshot's name; may be empty." },
    returns: "The new snapshot's id.",
  },
  'one.vm.snapshotrevert': {
    summary: 'Brings the VM back to one of its snapshots.',
    params: { snap_id: "The snapshot's id." },
    returns: "The VM's id.",
  },
  'one.vm.snapshotdelete': {
    summary: 'Deletes one of the VM’s snapshots.',
    params: { snap_id: "The snapshot's id." },
    returns: "The VM's id.",
  },
  'one.vm.resize': {
    summary: "Changes the VM's capacity.",
    params: {
      template: `The new capacity, \`CPU\`, \`VCPU\` and \`MEMORY\`: ${TEMPLATE}. One left out, or 0, stays as it is.`,
      no_overcommit:
        "`true` refuses to overcommit the host's capacity. Heeded for users of the oneadmin group only: it always holds for the others.",
    },
    returns: "The VM's id.",
  },
  'one.vm.update': {
    summary: "Replaces the VM's user template (`USER_TEMPLATE`), or merges attributes into it.",
  },
  'one.vm.updateconf': {
    summary:
      "Changes the VM's configuration attributes that may change after it is created: `OS`, `CPU_MODEL`, `FEATURES`, `INPUT`, `GRAPHICS`, `VIDEO`, `RAW`, `CONTEXT`, `BACKUP_CONFIG`.",
    params: { template: `The attributes: ${TEMPLATE}.` },
    returns: "The VM's id.",
  },
  'one.vm.recover': {
    summary:
      'Gets a VM unstuck that waits for a driver operation, by deciding its outcome; check the VM on its host first.',
    params: {
      operation: 'The outcome: 0 failure, 1 success, 2 retry, 3 delete, 4 delete-recreate, 5 delete-db.',
    },
    returns: "The VM's id.",
  },
  'one.vm.monitoring': {
    summary: "Reads the VM's monitoring records.",
    returns: "The VM's monitoring records, oldest first.",
  },
  'one.vm.schedadd': {
    summary: 'Adds a scheduled action to the VM.',
    params: { template: `The scheduled action: ${TEMPLATE}.` },
    returns: "The VM's id.",
  },
  'one.vm.schedupdate': {
    summary: "Changes one of the VM's scheduled actions.",
    params: { sched_id: "The scheduled action's id.", template: `The scheduled action: ${TEMPLATE}.` },
    returns: "The VM's id.",
  },
  'one.vm.scheddelete': {
    summary: "Deletes one of the VM's scheduled actions.",
    params: { sched_id: "The scheduled action's id." },
    returns: "The VM's id.",
  },
  'one.vm.backup': {
    summary: 'Backs the VM up: makes a backup image.',
    params: {
      ds_id: 'The datastore to store the backup in.',
      reset: '`true` starts a new chain of incremental backups.',
    },
    returns: "The VM's id.",
  },
  'one.vm.backupcancel': { summary: 'Cancels the backup the VM is making.', returns: "The VM's id." },
  'one.vm.restore': {
    summary: "Restores the VM's disks from a backup; the VM must be in POWEROFF.",
    params: {
      image_id: "The backup image's id.",
      increment_id: 'The increment to restore; -1 for the last one, or for a full backup.',
      disk_id: 'The disk to restore; -1 for every disk in the backup.',
    },
    returns: "The VM's id.",
  },
  'one.vm.exec': {
    summary: 'Runs a command inside the VM; the VM must be RUNNING.',
    params: { cmd: 'The command.', cmd_stdin: "What to give the command's standard input." },
    returns: "The VM's id.",
  },
  'one.vm.retryexec': {
    summary: 'Runs the last command again inside the VM; the VM must be RUNNING.',
    returns: "The VM's id.",
  },
  'one.vm.cancelexec': {
    summary: 'Cancels the command running inside the VM; the VM must be RUNNING.',
    returns: "The VM's id.",
  },
  'one.vm.vmgroupadd': {
    summary: 'Puts the VM in a role of a VM group.',
    params: { vmg_id: "The VM group's id.", role: "The role's name." },
    returns: "The VM's id.",
  },
  'one.vm.vmgroupdel': { summary: 'Takes the VM out of its VM group.', returns: "The VM's id." },
  'one.vmgroup.roleadd': {
    summary: 'Adds a role to the VM group.',
    params: { template: `The role: ${TEMPLATE}.` },
    returns: "The VM group's id.",
  },
  'one.vmgroup.roledelete': {
    summary: 'Deletes a role of the VM group.',
    params: { role_id: "The role's id." },
    returns: "The VM group's id.",
  },
  'one.vmgroup.roleupdate': {
    summary: 'Changes a role of the VM group.',
    params: { role_id: "The role's id.", template: `The role: ${TEMPLATE}.` },
    returns: "The VM group's id.",
  },
  'one.vmpool.info': {
    summary:
      'Lists VMs, short (no full `TEMPLATE`, `USER_TEMPLATE`; `infoextended` has them): those of the users a filter selects, in a state, whole or a range or a page of them.',
    params: {
      state: 'Their state: a {@link VM_STATE} value; -1 every state but DONE, -2 every state.',
      filter: 'Only the VMs whose attributes match: `VM.KEY1=VALUE1&VM.KEY2=VALUE2`.',
    },
    returns: 'The VMs.',
  },
  'one.vmpool.infoextended': {
    summary:
      'Lists whole VMs: those of the users a filter selects, in a state, whole or a range or a page of them.',
    params: {
      state: 'Their state: a {@link VM_STATE} value; -1 every state but DONE, -2 every state.',
      filter: 'Only the VMs whose attributes match: `VM.KEY1=VALUE1&VM.KEY2=VALUE2`.',
    },
    returns: 'The VMs.',
  },
  'one.vmpool.infoset': {
    summary: 'Reads the VMs of a list of ids.',
    params: {
      ids: "The VMs' ids, separated by commas (`'3,7,12'`).",
      extended: '`true` for whole VMs, as `infoextended` answers them; `false` for short ones, as `info`.',
    },
    returns: 'The VMs.',
  },
  'one.vmpool.monitoring': {
    summary: 'Reads the monitoring records of the VMs of the users a filter selects.',
    params: {
      seconds: 'How far back: the records of the last this many seconds; 0 only the latest, -1 all.',
    },
    returns: 'The monitoring records.',
  },
  'one.vmpool.accounting': {
    summary: "Reads the VMs' history records (accounting) of a time interval.",
    params: {
      start_time: `The start of the interval, ${EPOCH}; -1 for no start.`,
      end_time: `The end of the interval, ${EPOCH}; -1 for no end.`,
    },
    returns: 'The history records.',
  },
  'one.vmpool.showback': {
    summary: "Reads the VMs' monthly costs (showback) of an interval of months.",
    params: {
      filter_flag:
        "Whose VMs: -3 or less the session user's, -2 all, -1 the session user's and their groups', or a user's id (0 and up).",
      start_month: 'The first month (January is 1); -1 for no start.',
      start_year: 'The year of the first month; -1 for no start.',
      end_month: 'The last month (January is 1); -1 for no end.',
      end_year: 'The year of the last month; -1 for no end.',
    },
    returns: 'The showback records.',
  },
  'one.vmpool.calculateshowback': {
    summary: 'Works out the monthly cost of every VM from the history records, and stores it for `showback`.',
    params: {
      start_month: 'The first month (January is 1); -1 for no start.',
      start_year: 'The year of the first month; -1 for no start.',
      end_month: 'The last month (January is 1); -1 for no end.',
      end_year: 'The year of the last month; -1 for no end.',
    },
    returns: 'Nothing of use (an empty or blank string).',
  },
  'one.vn.allocate': { params: { cluster_id: 'The cluster to put it in; -1 for the default one.' } },
  'one.vn.add_ar': {
    summary: 'Adds address ranges to the virtual network.',
    params: {
      template: `The ranges, \`AR = [ TYPE = "IP4", IP = "192.168.0.5", SIZE = "10" ]\` each: ${TEMPLATE}.`,
    },
    returns: "The virtual network's id.",
  },
  'one.vn.rm_ar': {
    summary: 'Removes an address range from the virtual network.',
    params: { ar_id: "The range's id.", force: '`true` skips the consistency checks.' },
    returns: "The virtual network's id.",
  },
  'one.vn.update_ar': {
    summary: 'Changes the attributes of an address range of the virtual network.',
    params: {
      template: `The range, one \`AR = [ AR_ID = "7", … ]\` vector with the attributes to set: ${TEMPLATE}.`,
    },
    returns: "The virtual network's id.",
  },
  'one.vn.reserve': {
    summary: 'Reserves addresses of the virtual network, in a new network or in one reserved before.',
    params: {
      oid: 'The id of the virtual network to reserve from.',
      template: `What to reserve: ${TEMPLATE}. \`SIZE\` (required) how many; \`NAME\` the new network's name; \`NETWORK_ID\` a reservation network to add them to instead; \`AR_ID\` the range to take them from; \`IP\` or \`MAC\` the first address.`,
    },
    returns: 'The id of the network that holds the reservation.',
  },
  'one.vn.free_ar': {
    summary: 'Frees a reserved address range of the virtual network.',
    params: { ar_id: "The range's id." },
    returns: "The virtual network's id.",
  },
  'one.vn.hold': {
    summary: 'Puts a lease of the virtual network on hold: marks the address as used.',
    params: { template: `The lease, \`LEASES = [ IP = "192.168.0.5" ]\`: ${TEMPLATE}.` },
    returns: "The virtual network's id.",
  },
  'one.vn.release': {
    summary: 'Releases a lease of the virtual network that was on hold.',
    params: { template: `The lease, \`LEASES = [ IP = "192.168.0.5" ]\`: ${TEMPLATE}.` },
    returns: "The virtual network's id.",
  },
  'one.vn.recover': {
    summary:
      'Gets a virtual network unstuck that waits for a driver operation, by deciding its outcome; check the network first.',
    params: { operation: 'The outcome: 0 failure, 1 success, 2 delete, 3 retry.' },
    returns: "The virtual network's id.",
  },
  'one.vntemplate.instantiate': {
    summary: 'Creates a virtual network from the template.',
    params: {
      name: "The network's name; empty for one OpenNebula picks.",
      extra_template: `Attributes merged into the template for this network: ${TEMPLATE}. An attribute given here replaces the template's.`,
    },
    returns: "The new virtual network's id.",
  },
  'one.vrouter.instantiate': {
    summary: "Creates the virtual router's VMs from a VM template.",
    params: {
      n_vms: 'How many VMs.',
      template_id: "The VM template's id.",
      name: "The VMs' name, where `%i` stands for each VM's number; empty for one OpenNebula picks.",
      hold: '`true` creates them on hold, `false` pending (to be deployed).',
      str_uattrs: `Attributes merged into the VM template: ${TEMPLATE}.`,
    },
    returns: "The virtual router's id.",
  },
  'one.vrouter.attachnic': {
    summary: 'Attaches a network interface to the virtual router and its VMs.',
    params: { template: `The NIC, one \`NIC = [ … ]\` vector: ${TEMPLATE}.` },
    returns: "The virtual router's id.",
  },
  'one.vrouter.detachnic': {
    summary: 'Detaches a network interface from the virtual router and its VMs.',
    returns: "The virtual router's id.",
  },
  'one.zone.addserver': {
    summary: 'Adds a server to the zone (HA).',
    params: { zs_str: `The server: ${TEMPLATE.replace(', or an object', '')}.` },
    returns: "The zone's id.",
  },
  'one.zone.delserver': {
    summary: 'Removes a server from the zone (HA).',
    params: { zs_id: "The server's id." },
    returns: "The zone's id.",
  },
  'one.zone.resetserver': {
    summary: "Resets a follower's log index: after its database was reset.",
    params: { zs_id: "The follower server's id." },
    returns: "The zone's id.",
  },
  'one.zone.raftstatus': { summary: "Reads this server's Raft (HA) status.", returns: 'The Raft status.' },
  'one.zone.updatedb': { summary: `${FEDERATION} replaces a zone's XML.`, returns: "The zone's id." },
  'one.zone.replicate': {
    summary: `${RAFT} the leader sends a follower a record of its log.`,
    params: {
      leader_id: "The leader's server id.",
      leader_commit: "The leader's last committed index.",
      leader_term: "The leader's term.",
      index: "The record's index.",
      term: "The record's term.",
      prev_index: 'The index of the record before it.',
      prev_term: 'The term of the record before it.',
      fed_index: "The record's index in the federation log.",
      sql: "The record's SQL.",
    },
    returns: "The follower's answer.",
  },
  'one.zone.voterequest': {
    summary: `${RAFT} a candidate asks this server for its vote.`,
    params: {
      candidate_term: "The candidate's term.",
      candidate_id: "The candidate's server id.",
      candidate_log_index: "The index of the candidate's last log record.",
      candidate_log_term: "The term of the candidate's last log record.",
    },
    returns: 'The vote.',
  },
  'one.zone.fedreplicate': {
    summary: `${FEDERATION} the master zone sends a record of the federation log.`,
    params: {
      index: "The record's index.",
      prev: 'The index of the record before it.',
      sql: "The record's SQL.",
    },
    returns: "The zone's answer.",
  },
};

/** The doc of a method, from its name, its parameters' proto names and what it answers. */
export function methodDoc(
  xmlrpc: string,
  params: ReadonlyArray<{ name: string }>,
  returns: MethodReturn,
): MethodDoc {
  const [, namespace = '', verb = ''] = /^one\.([a-z_]+)\.([a-z_]+)$/.exec(xmlrpc) ?? [];
  const noun = namespaceNoun(namespace);
  const pattern = noun === undefined ? undefined : patternDoc(namespace, verb, noun, params);
  const own = METHOD_DOCS[xmlrpc];
  const summary = own?.summary ?? pattern?.summary;
  const returnsDoc =
    own?.returns ?? pattern?.returns ?? (returns.kind === 'id' && noun ? `The ${noun.one}'s id.` : undefined);
  if (summary === undefined || returnsDoc === undefined)
    throw new Error(`method-docs.ts: no doc for ${xmlrpc}`);
  const docs: Record<string, string> = {};
  for (const { name } of params) {
    const doc = own?.params?.[name] ?? pattern?.params?.[name] ?? commonParam(name, noun);
    if (doc === undefined) throw new Error(`method-docs.ts: no doc for parameter ${name} of ${xmlrpc}`);
    docs[name] = doc;
  }
  return { summary, params: docs, returns: returnsDoc };
}

function patternDoc(
  namespace: string,
  verb: string,
  noun: Noun,
  params: ReadonlyArray<{ name: string }>,
): PartialDoc | undefined {
  if (namespace.endsWith('pool') && verb === 'info')
    return poolInfoDoc(
      noun,
      params.some((p) => p.name === 'filter_flag'),
    );
  if (namespace.endsWith('pool')) return undefined;
  return verbDoc(verb, noun);
}
