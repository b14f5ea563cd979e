/**
 * Where a command's answer keeps its data. listApis never says it: the server wraps a list's items
 * and a single object in the Java response's object name, which the schema does not carry. So the
 * shape is derived by rule, and the irregular names seen on real servers (cloudstack-go's
 * `listResponseKeys`/`nestedResponse` tables, the research note §2.2, the fixtures) are listed here.
 *
 * Rules:
 * - a `list*` command answers `{ count, <item key>: [...] }`, the item key being the command's noun,
 *   singular, lower-cased: `listVirtualMachines` → `virtualmachine`, `listPublicIpAddresses` →
 *   `publicipaddress` (`…ies` → `…y`, `…sses` → `…ss`, else one trailing `s` dropped);
 * - a command whose fields are only `success`/`displaytext` (plus the async `jobid`/`jobstatus`)
 *   answers them at the top level;
 * - `create`, `update`, `deploy`… + a plain noun answer `{ <noun lower-cased>: {...} }`
 *   (`createAccount` → `account`);
 * - anything else answers one object under a name the schema does not give (typed as any key).
 *
 * The runtime never depends on these names being right: like `cs`, it reads the one key of a list
 * answer that is not `count` when the expected key is missing.
 */
import type { FieldIr, ResultShape } from './ir.js';

/** List answers whose item key breaks the rule. */
const LIST_ITEM_KEYS: Readonly<Record<string, string>> = {
  addHost: 'host',
  findHostsForMigration: 'host',
  listAsyncJobs: 'asyncjobs',
  listBackupProviders: 'providers',
  listClustersMetrics: 'cluster',
  listDomainChildren: 'domain',
  listEgressFirewallRules: 'firewallrule',
  listHostsMetrics: 'host',
  listHypervisorCapabilities: 'hypervisorCapabilities',
  listLBHealthCheckPolicies: 'healthcheckpolicies',
  listLBStickinessPolicies: 'stickinesspolicies',
  listManagementServersMetrics: 'managementserver',
  listStoragePoolsMetrics: 'storagepool',
  listTrafficTypeImplementors: 'traffictypeimplementorresponse',
  listUserTwoFactorAuthenticatorProviders: 'providers',
  listVirtualMachinesMetrics: 'virtualmachine',
  listVirtualMachinesUsageHistory: 'virtualmachine',
  listVolumesMetrics: 'volume',
  listVolumesUsageHistory: 'volume',
  listZonesMetrics: 'zone',
  quotaSummary: 'summary',
  quotaTariffList: 'quotatariff',
  registerIso: 'iso',
  registerTemplate: 'template',
};

/** Single-object answers whose object name breaks the rule (or that the rule cannot guess). */
const OBJECT_KEYS: Readonly<Record<string, string>> = {
  addNicToVirtualMachine: 'virtualmachine',
  associateIpAddress: 'ipaddress',
  attachIso: 'virtualmachine',
  authorizeSecurityGroupEgress: 'securitygroup',
  authorizeSecurityGroupIngress: 'securitygroup',
  cancelHostMaintenance: 'host',
  cancelStorageMaintenance: 'storagepool',
  createEgressFirewallRule: 'firewallrule',
  createLoadBalancerRule: 'loadbalancer',
  createSSHKeyPair: 'keypair',
  createVlanIpRange: 'vlan',
  dedicateCluster: 'dedicatedcluster',
  dedicateGuestVlanRange: 'dedicatedguestvlanrange',
  detachIso: 'virtualmachine',
  disableOutOfBandManagementForCluster: 'outofbandmanagement',
  disableOutOfBandManagementForHost: 'outofbandmanagement',
  enableHAForHost: 'hostha',
  enableOutOfBandManagementForCluster: 'outofbandmanagement',
  enableOutOfBandManagementForHost: 'outofbandmanagement',
  enableStorageMaintenance: 'storagepool',
  extractTemplate: 'template',
  getKubernetesClusterConfig: 'clusterconfig',
  getUploadParamsForIso: 'getuploadparams',
  getUploadParamsForKubernetesSupportedVersion: 'getuploadparams',
  getUploadParamsForTemplate: 'getuploadparams',
  getUploadParamsForVolume: 'getuploadparams',
  getUserKeys: 'userkeys',
  listCapabilities: 'capability',
  listInfrastructure: 'infrastructure',
  prepareHostForMaintenance: 'host',
  readyForShutdown: 'readyforshutdown',
  registerSSHKeyPair: 'keypair',
  registerUserKeys: 'userkeys',
  removeAnnotation: 'annotation',
  resetSSHKeyForVirtualMachine: 'virtualmachine',
  revokeSecurityGroupIngress: 'securitygroup',
  scaleVirtualMachine: 'virtualmachine',
  setupUserTwoFactorAuthentication: 'setup2fa',
  // listApis lists only success/displaytext, but the server answers the updated list.
  updateNetworkACLList: 'networkacllist',
  updateVlanIpRange: 'vlan',
};

/** `list*` commands that answer one object, or several collections, rather than a list. */
const NOT_LISTS: ReadonlySet<string> = new Set([
  'listCaCertificate',
  'listCapabilities',
  'listDbMetrics',
  'listInfrastructure',
  'listLoadBalancerRuleInstances',
  'listUsageServerMetrics',
]);

/** Answers that put their fields at the top level. */
const FLAT: ReadonlySet<string> = new Set(['login', 'logout']);

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
  if (command.startsWith('list') && !NOT_LISTS.has(command)) {
    return { kind: 'list', itemKey: singular(command.slice('list'.length)).toLowerCase() };
  }
  const known = OBJECT_KEYS[command];
  if (known !== undefined) {
    // The schema's fields do not describe the object the server really answers with.
    return isSuccessOnly(fields)
      ? { kind: 'object', objectKey: known, undescribed: true }
      : { kind: 'object', objectKey: known };
  }
  if (FLAT.has(command) || isSuccessOnly(fields)) return { kind: 'flat' };
  const objectKey = objectKeyByRule(command);
  return objectKey === undefined ? { kind: 'object' } : { kind: 'object', objectKey };
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
