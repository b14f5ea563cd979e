/**
 * Corrections to listApis where real servers answer differently from what the schema says, found
 * by type-checking the real answers in ../shared/fixtures/cloudstack and the simulator's against
 * the generated types, and by reading the commands' Java source. Keyed by command.
 */

/**
 * Top-level fields whose type listApis gives wrong or leaves open (a `list` or `set` saying nothing
 * of its elements), by a command answering them; the fix applies to every command answering the
 * same structure. `string[]` and `object[]` are lists of strings and of objects.
 */
export const FIELD_TYPE_FIXES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // listApis says string; the server sends a number of bytes (as listHosts' field of the same name).
  findHostsForMigration: { memoryallocated: 'long' },
  // The fixtures' answers: lists of objects (users, VMs, networks, stats, download progress).
  listKubernetesClusters: { virtualmachines: 'object[]' },
  listProjects: { owner: 'object[]' },
  listTemplates: { downloaddetails: 'object[]' },
  listVirtualMachinesUsageHistory: { stats: 'object[]' },
  listVPCs: { network: 'object[]' },
  // SecurityGroupResponse: a Set<String> of VM ids (and the simulator's answers).
  listSecurityGroups: { virtualmachineids: 'string[]' },
};

/**
 * Answers whose listApis fields describe another object than the one the server sends: they take
 * the fields of the named list command's item instead.
 */
export const RESPONSE_FIELDS_FROM: Readonly<Record<string, string>> = {
  // listApis describes one rule; the server answers the security group with the rules it added.
  authorizeSecurityGroupEgress: 'listSecurityGroups',
  authorizeSecurityGroupIngress: 'listSecurityGroups',
  // listApis lists `success` only; the server answers the scaled VM (fixture) and the updated list.
  scaleVirtualMachine: 'listVirtualMachines',
  updateNetworkACLList: 'listNetworkACLLists',
};

/**
 * Commands whose listApis fields describe an object although the server answers a
 * `SuccessResponse` (`{ success, displaytext? }`).
 */
export const SUCCESS_ANSWERS: ReadonlySet<string> = new Set([
  'archiveSnapshot',
  'deleteOpenDaylightController',
]);
