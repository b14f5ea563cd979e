/**
 * Comparing two API digests: every added, removed or changed method, parameter, type, field and
 * enum value, each with the semver level it calls for, and the level of the whole change.
 */
import type { ApiDigest, DigestMember, DigestMethod, DigestType } from './digest.js';

export type SemverLevel = 'major' | 'minor' | 'patch' | 'none';

export interface ApiChange {
  level: 'major' | 'minor';
  kind: 'added' | 'removed' | 'changed';
  subject: 'method' | 'parameter' | 'type' | 'field' | 'enum value';
  /** `listVirtualMachines`, `listVirtualMachines(zoneid)`, `VirtualMachine.id`, `VmState.UP`. */
  name: string;
  /** What an added member is, or what changed: `optional string`, `type string → number`. */
  detail?: string;
}

export interface ApiDiff {
  provider: string;
  /** Schema versions compared. */
  from: string;
  to: string;
  /**
   * `major` when any change breaks callers, `minor` when there are only additions, `patch` when
   * the API is the same but the schema version moved (the generated docs may differ), else `none`.
   */
  level: SemverLevel;
  /** Sorted by name within methods, then types. */
  changes: ApiChange[];
}

export function diffDigests(from: ApiDigest, to: ApiDigest): ApiDiff {
  const changes = [
    ...diffRecords(from.methods, to.methods, methodRules),
    ...diffRecords(from.types, to.types, typeRules),
  ];
  return {
    provider: to.provider,
    from: from.schemaVersion,
    to: to.schemaVersion,
    level: levelOf(changes, from, to),
    changes,
  };
}

function levelOf(changes: ApiChange[], from: ApiDigest, to: ApiDigest): SemverLevel {
  if (changes.some((change) => change.level === 'major')) return 'major';
  if (changes.length > 0) return 'minor';
  return from.schemaVersion === to.schemaVersion ? 'none' : 'patch';
}

/** How to report one record entry that was added, removed, or is in both. */
interface Rules<T> {
  added(name: string, entry: T): ApiChange[];
  removed(name: string, entry: T): ApiChange[];
  kept(name: string, before: T, after: T): ApiChange[];
}

function diffRecords<T>(before: Record<string, T>, after: Record<string, T>, rules: Rules<T>): ApiChange[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names.flatMap((name) => {
    const old = Object.hasOwn(before, name) ? before[name] : undefined;
    const now = Object.hasOwn(after, name) ? after[name] : undefined;
    if (old === undefined) return now === undefined ? [] : rules.added(name, now);
    if (now === undefined) return rules.removed(name, old);
    return rules.kept(name, old, now);
  });
}

const methodRules: Rules<DigestMethod> = {
  added: (name) => [{ level: 'minor', kind: 'added', subject: 'method', name }],
  removed: (name) => [{ level: 'major', kind: 'removed', subject: 'method', name }],
  kept: (name, before, after) => [
    ...(before.returns === after.returns
      ? []
      : [change('major', 'method', name, `returns ${before.returns} → ${after.returns}`)]),
    ...diffRecords(before.params, after.params, paramRules(name)),
  ],
};

/** A new required parameter breaks every existing call; a relaxed one breaks none. */
function paramRules(method: string): Rules<DigestMember> {
  return {
    added: (param, member) => [
      {
        level: member.required ? 'major' : 'minor',
        kind: 'added',
        subject: 'parameter',
        name: `${method}(${param})`,
        detail: memberDetail(member),
      },
    ],
    removed: (param) => [
      { level: 'major', kind: 'removed', subject: 'parameter', name: `${method}(${param})` },
    ],
    kept: (param, before, after) =>
      memberChanges('parameter', `${method}(${param})`, before, after, after.required ? 'major' : 'minor'),
  };
}

const typeRules: Rules<DigestType> = {
  added: (name) => [{ level: 'minor', kind: 'added', subject: 'type', name }],
  removed: (name) => [{ level: 'major', kind: 'removed', subject: 'type', name }],
  kept: (name, before, after) => {
    if ('enum' in before && 'enum' in after) return diffEnumValues(name, before.enum, after.enum);
    if ('fields' in before && 'fields' in after)
      return diffRecords(before.fields, after.fields, fieldRules(name));
    return [change('major', 'type', name, 'enum' in after ? 'object → enum' : 'enum → object')];
  },
};

/**
 * Types are mostly read (responses), so a new field, even a required one, is an addition; any
 * change to an existing field can break code that reads or builds it.
 */
function fieldRules(type: string): Rules<DigestMember> {
  return {
    added: (field, member) => [
      {
        level: 'minor',
        kind: 'added',
        subject: 'field',
        name: `${type}.${field}`,
        detail: memberDetail(member),
      },
    ],
    removed: (field) => [{ level: 'major', kind: 'removed', subject: 'field', name: `${type}.${field}` }],
    kept: (field, before, after) => memberChanges('field', `${type}.${field}`, before, after, 'major'),
  };
}

function diffEnumValues(type: string, before: string[], after: string[]): ApiChange[] {
  const [old, now] = [new Set(before), new Set(after)];
  const enumValue = (kind: 'added' | 'removed', value: string): ApiChange => ({
    level: kind === 'added' ? 'minor' : 'major',
    kind,
    subject: 'enum value',
    name: `${type}.${value}`,
  });
  return [
    ...[...now].filter((value) => !old.has(value)).map((value) => enumValue('added', value)),
    ...[...old].filter((value) => !now.has(value)).map((value) => enumValue('removed', value)),
  ].sort(byName);
}

/** A type change is always major; `requiredness` is the level of a change in requiredness. */
function memberChanges(
  subject: 'parameter' | 'field',
  name: string,
  before: DigestMember,
  after: DigestMember,
  requiredness: 'major' | 'minor',
): ApiChange[] {
  const changes: ApiChange[] = [];
  if (before.type !== after.type)
    changes.push(change('major', subject, name, `type ${before.type} → ${after.type}`));
  if (before.required !== after.required) {
    changes.push(change(requiredness, subject, name, after.required ? 'now required' : 'now optional'));
  }
  return changes;
}

function change(
  level: 'major' | 'minor',
  subject: ApiChange['subject'],
  name: string,
  detail: string,
): ApiChange {
  return { level, kind: 'changed', subject, name, detail };
}

function memberDetail(member: DigestMember): string {
  return `${member.required ? 'required' : 'optional'} ${member.type}`;
}

function byName(a: ApiChange, b: ApiChange): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

const HEADINGS = { major: 'Breaking (major):', minor: 'Additions (minor):' } as const;

/** The diff as text for a terminal and a changeset: a summary line, then changes by level. */
export function formatDiff(diff: ApiDiff): string {
  const lines = [`${diff.provider} API ${diff.from} → ${diff.to}: ${summary(diff)}`];
  for (const level of ['major', 'minor'] as const) {
    const changes = diff.changes.filter((each) => each.level === level);
    if (changes.length > 0) lines.push('', HEADINGS[level], ...changes.map(changeLine));
  }
  return `${lines.join('\n')}\n`;
}

function summary(diff: ApiDiff): string {
  if (diff.level === 'none') return 'no change';
  if (diff.level === 'patch') return 'no API change (patch: new schema version)';
  const count = diff.changes.length;
  return `${diff.level} (${count} ${count === 1 ? 'change' : 'changes'})`;
}

function changeLine(change: ApiChange): string {
  return `- ${change.kind} ${change.subject} \`${change.name}\`${change.detail ? `: ${change.detail}` : ''}`;
}
