/**
 * Facts about OpenNebula's XML-RPC API that neither the protos nor the XSDs hold. Each table is
 * small and checked against the research reference `opennebula-methods.json` in facts.test.ts.
 * Sources are the upstream C++ (`src/rm/grpc/*ServiceGRPC.h`, `src/rm/xml-rpc/*XRPC.cc`).
 */

/** Proto package → XML-RPC namespace, where they differ. */
const NAMESPACE_OF_PACKAGE: Record<string, string> = { tmpl: 'template' };

/**
 * The 30 rpcs whose XML-RPC name breaks the rule of `xmlrpcName`, keyed `package.Rpc`. Quota rpcs
 * are the protos' Default* ones (the C++ header strings name rpcs that do not exist).
 */
const NAME_EXCEPTIONS: Record<string, string> = {
  'backupjob.SchedDel': 'one.backupjob.scheddelete',
  'group.DefaultQuotaInfo': 'one.groupquota.info',
  'group.DefaultQuotaUpdate': 'one.groupquota.update',
  'user.DefaultQuotaInfo': 'one.userquota.info',
  'user.DefaultQuotaUpdate': 'one.userquota.update',
  'hook.LogInfo': 'one.hooklog.info',
  'user.ChangeAuth': 'one.user.chauth',
  'user.ChangeGroup': 'one.user.chgrp',
  'user.Password': 'one.user.passwd',
  'vm.DiskAttach': 'one.vm.attach',
  'vm.DiskDetach': 'one.vm.detach',
  'vm.NicAttach': 'one.vm.attachnic',
  'vm.NicDetach': 'one.vm.detachnic',
  'vm.PciAttach': 'one.vm.attachpci',
  'vm.PciDetach': 'one.vm.detachpci',
  'vm.SGAttach': 'one.vm.attachsg',
  'vm.SGDetach': 'one.vm.detachsg',
  'vm.ExecCancel': 'one.vm.cancelexec',
  'vm.ExecRetry': 'one.vm.retryexec',
  'vm.NicUpdate': 'one.vm.updatenic',
  'vmgroup.AddRole': 'one.vmgroup.roleadd',
  'vmgroup.DelRole': 'one.vmgroup.roledelete',
  'vmgroup.UpdateRole': 'one.vmgroup.roleupdate',
  'vn.AddAR': 'one.vn.add_ar',
  'vn.FreeAR': 'one.vn.free_ar',
  'vn.RmAR': 'one.vn.rm_ar',
  'vn.UpdateAR': 'one.vn.update_ar',
  'zone.ReplicateFedLog': 'one.zone.fedreplicate',
  'zone.ReplicateLog': 'one.zone.replicate',
  'zone.Vote': 'one.zone.voterequest',
};

/**
 * The XML-RPC name of an rpc: `one.<namespace>.<rpc lower-cased>`, and `Pool<X>` rpcs live in
 * `one.<namespace>pool.<x>` — except the rpcs of NAME_EXCEPTIONS.
 */
export function xmlrpcName(protoPackage: string, rpc: string): string {
  const pkg = protoPackage.replace(/^one\./, '');
  const exception = NAME_EXCEPTIONS[`${pkg}.${rpc}`];
  if (exception) return exception;
  const namespace = NAMESPACE_OF_PACKAGE[pkg] ?? pkg;
  if (rpc.startsWith('Pool')) return `one.${namespace}pool.${rpc.slice(4).toLowerCase()}`;
  return `one.${namespace}.${rpc.toLowerCase()}`;
}

/**
 * Trailing parameters the server reads only when sent (`paramList.size() > i ? … : default`), with
 * the default it uses otherwise: the last N parameters of each method, in order.
 */
export const OPTIONAL_DEFAULTS: Record<string, ReadonlyArray<string | number | boolean>> = {
  'one.acl.addrule': [''],
  'one.backupjob.lock': [false],
  'one.backupjob.update': [0],
  'one.cluster.info': [false],
  'one.cluster.update': [0],
  'one.datastore.info': [false],
  'one.datastore.update': [0],
  'one.document.info': [false],
  'one.document.lock': [false],
  'one.document.update': [0],
  'one.group.info': [false],
  'one.group.update': [0],
  'one.hook.info': [false],
  'one.hook.lock': [false],
  'one.hook.update': [0],
  'one.host.info': [false],
  'one.host.update': [0],
  'one.hostpool.monitoring': [-1],
  'one.image.allocate': [false],
  'one.image.clone': [-1],
  'one.image.delete': [false],
  'one.image.info': [false],
  'one.image.lock': [false],
  'one.image.update': [0],
  'one.market.info': [false],
  'one.market.update': [0],
  'one.marketapp.info': [false],
  'one.marketapp.lock': [false],
  'one.marketapp.update': [0],
  'one.secgroup.info': [false],
  'one.secgroup.update': [0],
  'one.template.chmod': [false],
  'one.template.clone': [false],
  'one.template.delete': [false],
  'one.template.info': [false, false],
  'one.template.instantiate': [false, '', false],
  'one.template.lock': [false],
  'one.template.update': [0],
  'one.user.info': [false],
  'one.user.login': [-1],
  'one.user.update': [0],
  'one.vdc.info': [false],
  'one.vdc.update': [0],
  'one.vm.allocate': [false],
  'one.vm.backup': [-1, false],
  'one.vm.deploy': [false, -1, ''],
  'one.vm.info': [false],
  'one.vm.lock': [false],
  'one.vm.migrate': [false, -1, 0],
  'one.vm.resize': [true],
  'one.vm.update': [0],
  'one.vm.updateconf': [0],
  'one.vm.updatenic': [0],
  'one.vmgroup.info': [false],
  'one.vmgroup.lock': [false],
  'one.vmgroup.update': [0],
  'one.vmpool.info': [''],
  'one.vmpool.infoextended': [''],
  'one.vmpool.monitoring': [-1],
  'one.vn.info': [false],
  'one.vn.lock': [false],
  'one.vn.rm_ar': [false],
  'one.vn.update': [0],
  'one.vntemplate.info': [false],
  'one.vntemplate.lock': [false],
  'one.vntemplate.update': [0],
  'one.vrouter.info': [false],
  'one.vrouter.lock': [false],
  'one.vrouter.update': [0],
  'one.zone.info': [false],
  'one.zone.update': [0],
};

/**
 * String parameters that take one of a fixed set of names, by method and parameter. `one.vm.action`
 * runs the actions of the switch in `VirtualMachineAction::request_execute`
 * (src/rm/RequestManagerVirtualMachine.cc); any other name is answered `Action "…" is not supported`.
 */
export const PARAM_VALUES: Record<string, Record<string, readonly string[]>> = {
  'one.vm.action': {
    action_name: [
      'terminate',
      'terminate-hard',
      'undeploy',
      'undeploy-hard',
      'poweroff',
      'poweroff-hard',
      'reboot',
      'reboot-hard',
      'hold',
      'release',
      'stop',
      'suspend',
      'resume',
      'resched',
      'unresched',
    ],
  },
};

/** String parameters that carry a template (text or XML): the client also accepts objects for them. */
export const TEMPLATE_PARAMS: ReadonlySet<string> = new Set([
  'template',
  'extra_template',
  'nic_template',
  'opt_tmpl',
  'quota',
  'str_uattrs',
  'vlan',
]);

/** XML-RPC namespace → the root element of its `info` answer (`<ns>pool.info` answers `<ROOT>_POOL`). */
export const INFO_ROOTS: Readonly<Record<string, string>> = {
  backupjob: 'BACKUPJOB',
  cluster: 'CLUSTER',
  datastore: 'DATASTORE',
  document: 'DOCUMENT',
  group: 'GROUP',
  hook: 'HOOK',
  host: 'HOST',
  image: 'IMAGE',
  market: 'MARKETPLACE',
  marketapp: 'MARKETPLACEAPP',
  secgroup: 'SECURITY_GROUP',
  template: 'VMTEMPLATE',
  user: 'USER',
  vdc: 'VDC',
  vm: 'VM',
  vmgroup: 'VM_GROUP',
  vn: 'VNET',
  vntemplate: 'VNTEMPLATE',
  vrouter: 'VROUTER',
  zone: 'ZONE',
};

/** What a string-returning method answers, where the info/pool-info rule does not say (research note §2.7). */
export type ResponseFact =
  /** The document of an XSD file (by its base name), for roots declared by several files. */
  | { document: string }
  /** A root element declared only inside another document: `file` and the path to it. */
  | { nested: string; path: string[] }
  /** A root no XSD declares: decoded without a schema, as a free-form object. */
  | { untyped: string }
  /** Not XML: version strings, login tokens, driver messages. */
  | { text: true };

export const RESPONSE_EXCEPTIONS: Record<string, ResponseFact> = {
  'one.acl.info': { document: 'acl_pool' },
  'one.vm.monitoring': { document: 'monitoring_data' },
  'one.vmpool.monitoring': { document: 'monitoring_data' },
  'one.host.monitoring': { document: 'monitoring_data' },
  'one.hostpool.monitoring': { document: 'monitoring_data' },
  // The reduced VM of vm_pool.xsd; infoextended answers full VMs, as does infoset(ids, true).
  'one.vmpool.info': { document: 'vm_pool' },
  'one.vmpool.infoextended': { document: 'vm_pool_extended' },
  'one.vmpool.infoset': { document: 'vm_pool_extended' },
  'one.vnpool.info': { document: 'vnet_pool' },
  'one.vmpool.accounting': { document: 'acct' },
  'one.vmpool.showback': { document: 'showback' },
  'one.system.config': { document: 'opennebula_configuration' },
  'one.zone.raftstatus': { document: 'raftstatus' },
  'one.hooklog.info': { nested: 'hook', path: ['HOOK', 'HOOKLOG'] },
  'one.groupquota.info': { untyped: 'DEFAULT_GROUP_QUOTAS' },
  'one.groupquota.update': { untyped: 'DEFAULT_GROUP_QUOTAS' },
  'one.userquota.info': { untyped: 'DEFAULT_USER_QUOTAS' },
  'one.userquota.update': { untyped: 'DEFAULT_USER_QUOTAS' },
  'one.system.sqlquery': { untyped: 'SQL_COMMAND' },
  'one.system.version': { text: true },
  'one.user.login': { text: true },
  'one.image.restore': { text: true },
  'one.vmpool.calculateshowback': { text: true },
};

/** The answer of string-returning `method`, by the info rule or RESPONSE_EXCEPTIONS; undefined when neither knows it. */
export function responseFact(method: string): ResponseFact | { root: string } | undefined {
  const exception = RESPONSE_EXCEPTIONS[method];
  if (exception) return exception;
  const match = /^one\.([a-z]+?)(pool)?\.info$/.exec(method);
  const root = match?.[1] === undefined ? undefined : INFO_ROOTS[match[1]];
  if (root === undefined) return undefined;
  return { root: match?.[2] ? `${root}_POOL` : root };
}
