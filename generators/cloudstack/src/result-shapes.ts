/**
 * Where a command's answer keeps its data. listApis never says it: the server serializes a list
 * as `{ count, <item objectName>: [...] }`, one object as `{ <objectName>: {...} }`, and only
 * `AsyncJobResponse`, `CreateCmdResponse` and `AuthenticationCmdResponse` flat
 * (`ApiResponseSerializer.toJSONSerializedString`); the object name is set in Java code the schema
 * does not carry. So the shape is derived by rule, and the names that break the rule are listed
 * here, each read from the command's Java source (its `execute()` and the response helper it
 * calls) or from a real answer (../shared/fixtures, cloudstack-go's `listResponseKeys`).
 *
 * Rules:
 * - a `list*` command answers `{ count, <item key>: [...] }`, the item key being the command's noun,
 *   singular, lower-cased: `listVirtualMachines` → `virtualmachine`, `listPublicIpAddresses` →
 *   `publicipaddress` (`…ies` → `…y`, `…sses` → `…ss`, else one trailing `s` dropped);
 * - a command whose fields are only `success`/`displaytext` (plus the async `jobid`/`jobstatus`)
 *   answers them at the top level;
 * - `create`, `update`, `deploy`… + a plain noun answer `{ <noun lower-cased>: {...} }`
 *   (`createAccount` → `account`);
 * - anything else answers one object under a name nobody has recorded (typed as any key): the
 *   22 such commands of 4.18 are plugin or admin commands (Tungsten Fabric, UCS, SolidFire tests,
 *   network elements, dedication of hosts, pods and zones).
 *
 * The runtime never depends on these names being right: like `cs`, it reads the one key of a list
 * answer that is not `count` when the expected key is missing.
 */
import type { FieldIr, ResultShape } from './ir.js';

/** List answers whose item key breaks the rule, and commands not named `list*` that answer a list. */
const LIST_ITEM_KEYS: Readonly<Record<string, string>> = {
  addHost: 'host',
  findHostsForMigration: 'host',
  findStoragePoolsForMigration: 'storagepool',
  importLdapUsers: 'LdapUser',
  importVsphereStoragePolicies: 'StoragePolicy',
  listAsyncJobs: 'asyncjobs',
  listBackupProviders: 'providers',
  listClustersMetrics: 'cluster',
  listDomainChildren: 'domain',
  listEgressFirewallRules: 'firewallrule',
  listHostsMetrics: 'host',
  listHypervisorCapabilities: 'hypervisorCapabilities',
  listLBHealthCheckPolicies: 'healthcheckpolicies',
  listLBStickinessPolicies: 'stickinesspolicies',
  // With `lbvmips=true` the items come under `lbrulevmidip` instead, each `{ lbvmipaddresses,
  // loadbalancerruleinstance }`: typed here as the default answer.
  listLoadBalancerRuleInstances: 'loadbalancerruleinstance',
  listManagementServersMetrics: 'managementserver',
  listStoragePoolsMetrics: 'storagepool',
  listTrafficTypeImplementors: 'traffictypeimplementorresponse',
  listUserTwoFactorAuthenticatorProviders: 'providers',
  listVirtualMachinesMetrics: 'virtualmachine',
  listVirtualMachinesUsageHistory: 'virtualmachine',
  listVolumesMetrics: 'volume',
  listVolumesUsageHistory: 'volume',
  listZonesMetrics: 'zone',
  prepareTemplate: 'template',
  quotaSummary: 'summary',
  quotaTariffList: 'quotatariff',
  registerIso: 'iso',
  registerTemplate: 'template',
  searchLdap: 'LdapUser',
};

/**
 * Single-object answers whose object name breaks the rule (or that the rule cannot guess). Two
 * names: the answer comes under either, depending on the parameters.
 */
const OBJECT_KEYS: Readonly<Record<string, string | readonly [string, string]>> = {
  // Its objectName is its own response name.
  acquirePodIpAddress: 'acquirepodipaddressresponse',
  addIpToNic: 'nicsecondaryip',
  addNicToVirtualMachine: 'virtualmachine',
  assignVirtualMachine: 'virtualmachine',
  assignVolume: 'volume',
  associateIpAddress: 'ipaddress',
  attachIso: 'virtualmachine',
  authorizeSecurityGroupEgress: 'securitygroup',
  authorizeSecurityGroupIngress: 'securitygroup',
  cancelHostAsDegraded: 'host',
  cancelHostMaintenance: 'host',
  cancelStorageMaintenance: 'storagepool',
  changeOfferingForVolume: 'volume',
  changeOutOfBandManagementPassword: 'outofbandmanagement',
  changeServiceForRouter: 'router',
  changeServiceForSystemVm: 'systemvm',
  changeServiceForVirtualMachine: 'virtualmachine',
  cloudianIsEnabled: 'cloudianisenabled',
  configureHAForHost: 'hostha',
  configureNetscalerLoadBalancer: 'netscalerloadbalancer',
  configureOutOfBandManagement: 'outofbandmanagement',
  configurePaloAltoFirewall: 'pafirewall',
  // The ISO's copy goes through copyTemplate's code, which names it a template.
  copyIso: 'template',
  copyTemplate: 'template',
  createEgressFirewallRule: 'firewallrule',
  createLoadBalancerRule: 'loadbalancer',
  createSnapshotFromVMSnapshot: 'snapshot',
  createSSHKeyPair: 'keypair',
  createVlanIpRange: 'vlan',
  declareHostAsDegraded: 'host',
  dedicateCluster: 'dedicatedcluster',
  dedicateGuestVlanRange: 'dedicatedguestvlanrange',
  dedicatePublicIpRange: 'vlan',
  deleteLdapConfiguration: 'LdapDeleteConfiguration',
  detachIso: 'virtualmachine',
  disableHAForHost: 'hostha',
  disableOutOfBandManagementForCluster: 'outofbandmanagement',
  disableOutOfBandManagementForHost: 'outofbandmanagement',
  disableOutOfBandManagementForZone: 'outofbandmanagement',
  enableHAForHost: 'hostha',
  enableOutOfBandManagementForCluster: 'outofbandmanagement',
  enableOutOfBandManagementForHost: 'outofbandmanagement',
  enableOutOfBandManagementForZone: 'outofbandmanagement',
  enableStorageMaintenance: 'storagepool',
  extractIso: 'iso',
  extractTemplate: 'template',
  extractVolume: 'volume',
  getApiLimit: 'apilimit',
  getCloudIdentifier: 'cloudidentifier',
  getDiagnosticsData: 'diagnostics',
  getKubernetesClusterConfig: 'clusterconfig',
  getLoadBalancerSslCertificate: 'data',
  getPathForVolume: 'apipathforvolume',
  getRouterHealthCheckResults: 'routerhealthchecks',
  getSolidFireAccountId: 'apisolidfireaccountid',
  getSolidFireVolumeAccessGroupIds: 'apisolidfirevolumeaccessgroupids',
  getSolidFireVolumeSize: 'apisolidfirevolumesize',
  getUploadParamsForIso: 'getuploadparams',
  getUploadParamsForKubernetesSupportedVersion: 'getuploadparams',
  getUploadParamsForTemplate: 'getuploadparams',
  getUploadParamsForVolume: 'getuploadparams',
  getUser: 'user',
  getUserKeys: 'userkeys',
  getVirtualMachineUserData: 'virtualmachineuserdata',
  getVMPassword: 'password',
  importRole: 'role',
  importUnmanagedInstance: 'virtualmachine',
  issueOutOfBandManagementPowerAction: 'outofbandmanagement',
  ldapConfig: 'ldapconfig',
  ldapCreateAccount: 'account',
  ldapRemove: 'ldapremove',
  linkAccountToLdap: 'linkAccountToLdap',
  linkDomainToLdap: 'LinkDomainToLdap',
  // `template` with `templateid`, `iso` with `isoid`.
  linkUserDataToTemplate: ['template', 'iso'],
  listCaCertificate: 'cacertificates',
  listCapabilities: 'capability',
  listDbMetrics: 'dbMetrics',
  listInfrastructure: 'infrastructure',
  listUsageServerMetrics: 'usageMetrics',
  markDefaultZoneForAccount: 'account',
  migrateVirtualMachineWithVolume: 'virtualmachine',
  moveNetworkAclItem: 'networkacl',
  prepareHostForMaintenance: 'host',
  readyForShutdown: 'readyforshutdown',
  reconnectHost: 'host',
  registerNetscalerControlCenter: 'netscalerloadbalancer',
  registerNetscalerServicePackage: 'netscalerservicepackage',
  registerSSHKeyPair: 'keypair',
  registerUserKeys: 'userkeys',
  removeAnnotation: 'annotation',
  removeNicFromVirtualMachine: 'virtualmachine',
  reserveIpAddress: 'ipaddress',
  resetConfiguration: 'configuration',
  resetPasswordForVirtualMachine: 'virtualmachine',
  resetSSHKeyForVirtualMachine: 'virtualmachine',
  resetUserDataForVirtualMachine: 'virtualmachine',
  resetVpnConnection: 'vpnconnection',
  resizeVolume: 'volume',
  revertSnapshot: 'snapshot',
  revertToVMSnapshot: 'virtualmachine',
  runDiagnostics: 'diagnostics',
  scaleVirtualMachine: 'virtualmachine',
  setupUserTwoFactorAuthentication: 'setup2fa',
  syncStoragePool: 'storagepool',
  // Its objectName is its own response name.
  unmanageVirtualMachine: 'unmanagevirtualmachineresponse',
  updateCloudToUseObjectStore: 'imagestore',
  updateDefaultNicForVirtualMachine: 'virtualmachine',
  updateNetworkACLList: 'networkacllist',
  updateVlanIpRange: 'vlan',
  upgradeKubernetesCluster: 'kubernetescluster',
  uploadCustomCertificate: 'customcertificate',
  uploadSslCert: 'sslcert',
  uploadTemplateDirectDownloadCertificate: 'uploadtemplatedirectdownloadcertificate',
  uploadVolume: 'volume',
};

/**
 * Answers that put their fields at the top level: the authentication answers, and the job itself
 * (`AsyncJobResponse`) for `queryAsyncJobResult`.
 */
const FLAT: ReadonlySet<string> = new Set(['login', 'logout', 'queryAsyncJobResult']);

/** Verbs after which the noun names the object answered. */
const OBJECT_VERBS: ReadonlySet<string> = new Set([
  'activate',
  'add',
  'attach',
  'create',
  'deploy',
  'destroy',
  'detach',
  'disable',
  'enable',
  'lock',
  'migrate',
  'reboot',
  'recover',
  'restore',
  'scale',
  'start',
  'stop',
  'suspend',
  'update',
]);

/** Nouns with these words name a relation, not the object answered (`addNicToVirtualMachine`). */
const RELATION_WORD = /(?:For|To|From|With|On|In)(?=[A-Z]|$)/;

const SUCCESS_FIELDS: ReadonlySet<string> = new Set(['success', 'displaytext', 'jobid', 'jobstatus']);

export function resultShape(command: string, fields: readonly FieldIr[]): ResultShape {
  const listKey = LIST_ITEM_KEYS[command];
  if (listKey !== undefined) return { kind: 'list', itemKey: listKey };
  const known = OBJECT_KEYS[command];
  if (known !== undefined)
    return { kind: 'object', objectKeys: typeof known === 'string' ? [known] : [...known] };
  if (command.startsWith('list')) {
    return { kind: 'list', itemKey: singular(command.slice('list'.length)).toLowerCase() };
  }
  if (FLAT.has(command) || isSuccessOnly(fields)) return { kind: 'flat' };
  const objectKey = objectKeyByRule(command);
  return objectKey === undefined ? { kind: 'keyed' } : { kind: 'object', objectKeys: [objectKey] };
}

/** cloudstack-go's `parseSingular`. */
export function singular(noun: string): string {
  if (noun.endsWith('ies')) return `${noun.slice(0, -3)}y`;
  if (noun.endsWith('sses')) return noun.slice(0, -2);
  return noun.endsWith('s') ? noun.slice(0, -1) : noun;
}

function objectKeyByRule(command: string): string | undefined {
  const match = /^([a-z]+)([A-Z]\w*)$/.exec(command);
  if (!match?.[1] || !match[2] || !OBJECT_VERBS.has(match[1]) || RELATION_WORD.test(match[2])) {
    return undefined;
  }
  return match[2].toLowerCase();
}

function isSuccessOnly(fields: readonly FieldIr[]): boolean {
  return fields.some((f) => f.name === 'success') && fields.every((f) => SUCCESS_FIELDS.has(f.name));
}
