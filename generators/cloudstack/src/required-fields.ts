/**
 * Which fields of an answer the server always sends, so that the types do not make them optional.
 *
 * The server serializes its Java response objects with Gson, which leaves out every field that is
 * null: any field may be absent unless the response class always sets it. listApis does not say
 * which; the evidence is the response classes and the real answers (../shared/fixtures, 114
 * answers from a 4.15–4.16 management server, checked against these types by the tests). Rules:
 *
 * 1. The `id` of every answered entity (a list item, an answered object, a flat answer): response
 *    classes take it from the database row's uuid. Not for the entities listed in
 *    {@link ID_SOMETIMES_ABSENT}, whose real answers lack it, nor for nested objects (a network's
 *    service providers, for one, come without an id).
 * 2. The collections listed in {@link ALWAYS_SENT}: the response class creates them in its
 *    constructor, so they are sent (as `[]` when empty).
 *
 * Everything else stays optional, even fields every fixture carries: the fixtures come from one
 * admin account on one simulator, and many fields are set only for admins (`instancename`), only
 * when there is a value (`displaytext`, `details`), or only on some hypervisors.
 *
 * A rule applies to every command answering the same structure: identical listApis fields mean the
 * same Java response class.
 */
import type { CommandIr, FieldIr } from './ir.js';

/** Entities (by the command answering them) whose real answers lack an `id`. */
const ID_SOMETIMES_ABSENT: readonly string[] = [
  // Settings are named, not numbered: only some carry an id (fixture `listConfigurations`).
  'listConfigurations',
  // Servers before 4.17 send no id for key pairs (fixture `listSSHKeyPairs`).
  'listSSHKeyPairs',
];

/** Fields the response class always sets, by a command answering it. */
const ALWAYS_SENT: Readonly<Record<string, readonly string[]>> = {
  // SecurityGroupResponse's constructor.
  listSecurityGroups: ['egressrule', 'ingressrule', 'tags', 'virtualmachineids'],
  // UserVmResponse's constructor.
  listVirtualMachines: ['affinitygroup', 'nic', 'securitygroup', 'tags'],
  // The constructors of ZoneResponse, VolumeResponse, TemplateResponse, SnapshotResponse and
  // VMSnapshotResponse.
  listIsos: ['tags'],
  listSnapshots: ['tags'],
  listTemplates: ['tags'],
  listVMSnapshot: ['tags'],
  listVolumes: ['tags'],
  listZones: ['tags'],
  // ApiResponseHelper.queryJobResult sets both from the job it found.
  queryAsyncJobResult: ['jobid', 'jobstatus'],
};

const structureKey = (fields: readonly FieldIr[]): string => JSON.stringify(fields);

/** The commands with `required` set on the top-level fields the rules above name. */
export function markRequiredFields(commands: readonly CommandIr[]): CommandIr[] {
  const byName = new Map(commands.map((command) => [command.name, command]));
  const structureOf = (name: string) => {
    const command = byName.get(name);
    return command === undefined ? undefined : structureKey(command.fields);
  };
  const idAbsent = new Set(ID_SOMETIMES_ABSENT.map(structureOf));
  const alwaysSent = new Map<string | undefined, readonly string[]>(
    Object.entries(ALWAYS_SENT).map(([name, fields]) => [structureOf(name), fields]),
  );
  return commands.map((command) => {
    const key = structureKey(command.fields);
    const required = new Set(alwaysSent.get(key) ?? []);
    if (!idAbsent.has(key)) required.add('id');
    return {
      ...command,
      fields: command.fields.map((field) =>
        required.has(field.name) ? { ...field, required: true } : field,
      ),
    };
  });
}
