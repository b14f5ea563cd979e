/**
 * Method names, openstacksdk style in camelCase: `servers()` lists, `getServer`, `createServer`,
 * `updateServer`, `deleteServer`, actions `rebootServer`, `startServer`, `findServer`.
 *
 * A name is a verb and a resource. Both come from the naming metadata where it names the operation
 * (resource `server/interface`, operation `list_detailed`, `show`, `add-security-group`…), else from
 * a rule on the path and method:
 *
 * - the resource is the path's literal segments after the version prefix, each singular, `os-`
 *   dropped (`/servers/{server_id}/os-interface` → server interface); an `OS-FEDERATION`-style
 *   segment is a namespace, kept only where leaving it out would make two names equal;
 * - GET on a collection is a list (`/detail` marks the detailed list), on an item a `get`; HEAD is
 *   `check`; POST creates; PUT and PATCH on an item update, PUT on a collection replaces; DELETE
 *   deletes; a last segment starting with a verb (`/backups/{id}/restore`, `/os-hosts/{id}/reboot`)
 *   is that action; bytes sent are an `upload`, bytes answered a `download`.
 *
 * Composition: a list is the plural (`serverInterfaces`; with a detailed list beside it, the plain
 * one is `…Brief`); an action puts its first word before the resource and the rest after it
 * (`os-resetState` → `resetServerState`, `addSecurityGroup` → `addServerSecurityGroup`); other verbs
 * come first (`getServer`), with the plural where the path ends in a plural segment
 * (`getServerDiagnostics`, `deleteServerTags`).
 *
 * Two operations with the same name are an error naming both: the service entry's `names` then
 * says what each is called. Names are never numbered.
 */
import { camelCase, GeneratorError, splitWords } from '@overcast/generator-core';
import type { OperationIr, ServiceIr } from './ir.js';

/** Names the hand-written proxy layer keeps for itself (the raw layer, waiting, closing). */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'get',
  'head',
  'post',
  'put',
  'patch',
  'delete',
  'request',
  'close',
  'find',
  'endpoint',
  'microversion',
  'constructor',
]);

export interface MethodName {
  name: string;
  /** Where the name came from. */
  source: 'metadata' | 'rule' | 'override';
}

/** A name as words, plus the namespace words to put back where two names would be equal. */
interface Candidate {
  verb: string[];
  resource: string[];
  /** After the resource: the rest of an action's words. */
  rest: string[];
  namespaced?: { resource: string[] };
  source: MethodName['source'];
  /** How the plural and suffixes apply. */
  form: 'list' | 'brief' | 'singular' | 'plural';
  /** An action: its words may repeat the resource's. */
  action?: true;
}

/** `METHOD /spec/path` (and `#action` for an action branch): how overrides name an operation. */
export function operationKey(op: OperationIr): string {
  return `${op.method} ${op.specPath}${op.action ? `#${op.action.name}` : ''}`;
}

/**
 * One name per operation of the service (aligned with `service.operations`), and per find.
 * Throws a GeneratorError naming every collision, or an override that names nothing.
 */
export function nameService(
  service: Pick<ServiceIr, 'type' | 'operations' | 'finds'>,
  overrides: Readonly<Record<string, string>> = {},
): { operations: MethodName[]; finds: MethodName[] } {
  const facts = pathFacts(service.operations);
  const used = new Set<string>();
  const candidates = service.operations.map((op) => {
    const key = operationKey(op);
    const override = overrides[key];
    if (override !== undefined) {
      used.add(key);
      return { override };
    }
    return { candidate: candidateFor(op, facts) };
  });
  const unused = Object.keys(overrides).filter((key) => !used.has(key));
  if (unused.length > 0) {
    throw new GeneratorError(
      `${service.type}: the name override(s) ${unused.map((key) => `"${key}"`).join(', ')} match no operation`,
    );
  }
  const finds = service.finds.map((find) => ({ candidate: findCandidate(find.resource) }));
  const all = [...candidates, ...finds];
  const names = resolveNamespaces(all.map((entry) => ('override' in entry ? undefined : entry.candidate)));
  const result = all.map((entry, index): MethodName => {
    if ('override' in entry) return { name: entry.override, source: 'override' };
    return { name: names[index] as string, source: (entry.candidate as Candidate).source };
  });
  checkNames(service, result);
  return { operations: result.slice(0, candidates.length), finds: result.slice(candidates.length) };
}

/**
 * The names without namespaces; where names are equal, those that dropped a namespace get it back.
 */
function resolveNamespaces(candidates: readonly (Candidate | undefined)[]): (string | undefined)[] {
  const plain = candidates.map((candidate) => (candidate ? compose(candidate, false) : undefined));
  const counts = countNames(plain);
  return candidates.map((candidate, index) => {
    const name = plain[index];
    if (!candidate || name === undefined) return undefined;
    return (counts.get(name) ?? 0) > 1 && candidate.namespaced ? compose(candidate, true) : name;
  });
}

function countNames(names: readonly (string | undefined)[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of names) if (name !== undefined) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

function checkNames(service: Pick<ServiceIr, 'type' | 'operations' | 'finds'>, names: readonly MethodName[]) {
  const describe = (index: number) => {
    const op = service.operations[index];
    if (op) {
      const by =
        names[index]?.source === 'metadata' && op.naming
          ? ` (metadata: ${op.naming.resource} ${op.naming.operation})`
          : '';
      return `${operationKey(op)}${by}`;
    }
    const find = service.finds[index - service.operations.length];
    return `find ${find?.resource}`;
  };
  const problems: string[] = [];
  const byName = new Map<string, number[]>();
  names.forEach((entry, index) => {
    if (!/^[a-z][A-Za-z0-9]*$/.test(entry.name)) {
      problems.push(`"${entry.name}" (${describe(index)}) is not a camelCase identifier`);
    } else if (RESERVED_NAMES.has(entry.name) || entry.name.startsWith('waitFor')) {
      problems.push(`"${entry.name}" (${describe(index)}) is reserved for the hand-written proxy layer`);
    }
    byName.set(entry.name, [...(byName.get(entry.name) ?? []), index]);
  });
  for (const [name, indexes] of byName) {
    if (indexes.length > 1) problems.push(`"${name}" names ${indexes.map(describe).join(' and ')}`);
  }
  if (problems.length > 0) {
    throw new GeneratorError(
      `${service.type}: method names collide or are not allowed; give each operation its name in the ` +
        `service entry's \`names\` (keyed "METHOD /spec/path" or "METHOD /spec/path#action"):\n  ` +
        problems.join('\n  '),
    );
  }
}

function compose(candidate: Candidate, withNamespace: boolean): string {
  const resource = withNamespace && candidate.namespaced ? candidate.namespaced.resource : candidate.resource;
  // The verb is not repeated in the resource (`scheduler_stat/get_pool get` → getSchedulerStatPools),
  // nor are an action's own words at the resource's end (`qos_spec/delete_key` + `delete_keys`).
  const said = new Set([...candidate.verb, ...candidate.rest].map(singular));
  let object = dedupe(resource).filter((word) => !candidate.verb.includes(word));
  while (object.length > 1 && candidate.action && said.has(singular(object.at(-1) as string))) object.pop();
  if (candidate.form === 'list' || candidate.form === 'brief' || candidate.form === 'plural') {
    object = pluralWords(object);
  }
  const words = dedupe([...candidate.verb, ...object, ...candidate.rest]);
  if (candidate.form === 'brief') words.push('brief');
  return camelCase(words.join('_'));
}

/** Drops a word repeated right after itself (`server/server_password` → server password). */
function dedupe(words: readonly string[]): string[] {
  return words.filter((word, index) => index === 0 || word !== words[index - 1]);
}

// ——— candidates

function findCandidate(resource: string): Candidate {
  const { words, namespaced } = resourceWords(resource);
  return {
    verb: ['find'],
    resource: words,
    rest: [],
    ...(namespaced ? { namespaced: { resource: namespaced } } : {}),
    source: 'metadata',
    form: 'singular',
  };
}

function candidateFor(op: OperationIr, facts: PathFacts): Candidate {
  return (op.naming && metadataCandidate(op, facts.detailed)) || ruleCandidate(op, facts);
}

function metadataCandidate(op: OperationIr, detailed: ReadonlySet<string>): Candidate | undefined {
  const naming = op.naming;
  if (!naming) return undefined;
  const { words, namespaced: own } = resourceWords(naming.resource);
  // A legacy path (`/os-volume-transfer`) the metadata names like the current one keeps its
  // namespace where the two would be equal.
  const namespaced = own ?? (pathHasNamespace(op.path) ? ['os', ...words] : undefined);
  const base = {
    resource: words,
    ...(namespaced ? { namespaced: { resource: namespaced } } : {}),
    source: 'metadata' as const,
  };
  const plural = pathEndsPlural(op.path);
  // HEAD answers whether a GET would find something: `check…`, whatever the metadata's type.
  if (op.method === 'HEAD')
    return { ...base, verb: ['check'], rest: [], form: plural ? 'plural' : 'singular' };
  switch (naming.type) {
    case 'list': {
      const brief = naming.operation !== 'list_detailed' && detailed.has(`metadata:${naming.resource}`);
      return { ...base, verb: [], rest: [], form: brief ? 'brief' : 'list' };
    }
    case 'show':
      return { ...base, verb: ['get'], rest: [], form: 'singular' };
    case 'get':
      return { ...base, verb: ['get'], rest: [], form: plural ? 'plural' : 'singular' };
    case 'create':
      return { ...base, verb: ['create'], rest: [], form: 'singular' };
    case 'set':
      return naming.operation === 'replace'
        ? { ...base, verb: ['replace'], rest: [], form: 'plural' }
        : { ...base, verb: ['update'], rest: [], form: 'singular' };
    case 'delete':
      return naming.operation === 'delete_all'
        ? { ...base, verb: ['delete'], rest: [], form: 'plural' }
        : { ...base, verb: ['delete'], rest: [], form: plural ? 'plural' : 'singular' };
    case 'download':
    case 'upload':
      return { ...base, verb: [naming.type], rest: [], form: 'singular' };
    case 'action': {
      const action = actionWords(op.action?.name ?? naming.operation);
      const form = collectionAction(op) ? 'plural' : 'singular';
      return { ...base, ...splitAction(action, words), form, action: true };
    }
    default:
      return undefined;
  }
}

function ruleCandidate(op: OperationIr, facts: PathFacts): Candidate {
  const segments = op.path.split('/').filter((segment) => segment !== '');
  let end = segments.length;
  const detail = op.method === 'GET' && segments.at(-1) === 'detail';
  if (detail || (op.action && segments.at(-1) === 'action')) end -= 1;
  const kept = segments.slice(0, end);
  const endsWithParam = kept.length > 0 && isParam(kept.at(-1) as string);
  // A last literal segment that starts with a verb names an action (`/backups/{id}/restore`).
  const last = kept.at(-1);
  const lastWords = last !== undefined && !isParam(last) && kept.length > 1 ? segmentWords(last) : [];
  const verbSegment = !op.action && lastWords.length > 0 && VERBS.has(lastWords[0] as string);
  const resourceEnd = verbSegment ? kept.length - 1 : kept.length;
  const { words, namespaced } = pathResourceWords(kept.slice(0, resourceEnd));
  const base = {
    resource: words.length > 0 ? words : ['version'],
    ...(namespaced ? { namespaced: { resource: namespaced } } : {}),
    source: 'rule' as const,
  };
  const collectionForm = collectionAction(op) ? 'plural' : 'singular';
  if (op.action) {
    const action = splitAction(actionWords(op.action.name), base.resource);
    return { ...base, ...action, form: collectionForm, action: true };
  }
  if (verbSegment) {
    const onItem = isParam(kept[kept.length - 2] as string);
    return {
      ...base,
      ...splitAction(lastWords, base.resource),
      form: onItem ? 'singular' : 'plural',
      action: true,
    };
  }
  const plural = pathEndsPlural(op.path) && words.length > 0;
  // Bytes in or out: an upload or a download (`/images/{image_id}/file`).
  if (op.method === 'GET' && op.response?.encoding === 'binary')
    return { ...base, verb: ['download'], rest: [], form: 'singular' };
  if (op.request?.encoding === 'binary') return { ...base, verb: ['upload'], rest: [], form: 'singular' };
  switch (op.method) {
    case 'GET': {
      if (detail) return { ...base, verb: [], rest: [], form: 'list' };
      // A list, or a collection whose items have their own path (`/images/{id}/metadata`).
      if (op.list || facts.collections.has(op.path) || words.length === 0) {
        const brief = facts.detailed.has(`path:${op.path}`);
        return { ...base, verb: [], rest: [], form: brief ? 'brief' : 'list' };
      }
      return { ...base, verb: ['get'], rest: [], form: plural ? 'plural' : 'singular' };
    }
    case 'HEAD':
      return { ...base, verb: ['check'], rest: [], form: plural ? 'plural' : 'singular' };
    case 'POST':
      return { ...base, verb: ['create'], rest: [], form: 'singular' };
    case 'PUT':
      // PUT beside PATCH on the same item replaces it; PUT on a collection replaces the collection.
      if (endsWithParam && !facts.patched.has(op.path))
        return { ...base, verb: ['update'], rest: [], form: 'singular' };
      return { ...base, verb: ['replace'], rest: [], form: endsWithParam ? 'singular' : 'plural' };
    case 'PATCH':
      return { ...base, verb: ['update'], rest: [], form: plural ? 'plural' : 'singular' };
    case 'DELETE':
      return { ...base, verb: ['delete'], rest: [], form: endsWithParam ? 'singular' : 'plural' };
  }
}

/** What the rule needs to know about the service's other paths. */
interface PathFacts {
  /** Metadata resources (`metadata:server`) and paths (`path:/servers`) with a detailed list. */
  detailed: ReadonlySet<string>;
  /** Paths under which an item path exists (`/images/{image_id}/metadata` for `…/metadata/{id}`). */
  collections: ReadonlySet<string>;
  /** Paths that have a PATCH. */
  patched: ReadonlySet<string>;
}

function pathFacts(operations: readonly OperationIr[]): PathFacts {
  const detailed = new Set<string>();
  const collections = new Set<string>();
  const patched = new Set<string>();
  for (const op of operations) {
    if (op.method === 'GET' && op.naming?.operation === 'list_detailed')
      detailed.add(`metadata:${op.naming.resource}`);
    if (op.method === 'GET' && op.path.endsWith('/detail'))
      detailed.add(`path:${op.path.slice(0, -'/detail'.length)}`);
    if (op.method === 'PATCH') patched.add(op.path);
    const item = /^(.*)\/\{[^}]+\}$/.exec(op.path);
    if (item?.[1]) collections.add(item[1]);
  }
  return { detailed, collections, patched };
}

function pathHasNamespace(path: string): boolean {
  return path.split('/').some((segment) => /^(?:os-|OS-)/.test(segment));
}

function isParam(segment: string): boolean {
  return /^\{.*\}$/.test(segment);
}

/** An action on a collection (`/groups/action`) rather than on an item (`/groups/{id}/action`). */
function collectionAction(op: OperationIr): boolean {
  const segments = op.path.split('/').filter((segment) => segment !== '');
  if (segments.at(-1) !== 'action') return false;
  const before = segments.at(-2);
  return before !== undefined && !isParam(before);
}

/** First words of a path segment that make it an action rather than a resource. */
const VERBS: ReadonlySet<string> = new Set([
  'accept',
  'activate',
  'add',
  'associate',
  'cleanup',
  'complete',
  'deactivate',
  'disassociate',
  'disable',
  'enable',
  'export',
  'failover',
  'force',
  'get',
  'import',
  'reactivate',
  'reboot',
  'remove',
  'reset',
  'restore',
  'shutdown',
  'startup',
  'sync',
]);

/**
 * An action's words split around the resource: the first word before it, the rest after, minus
 * the resource's own words where the action repeats them (`os-volume_upload_image` on a volume →
 * upload + volume + image; `stage` on `image/stage` → stage + image).
 */
function splitAction(
  action: readonly string[],
  resource: readonly string[],
): Pick<Candidate, 'verb' | 'rest'> {
  const words = [...action];
  // `os-volume_upload_image` on a volume: the resource leads, the verb follows.
  let lead = 0;
  while (words.length > 1 && words[0] === resource[lead]) {
    words.shift();
    lead += 1;
  }
  const [verb = 'do', ...rest] = words;
  const remaining = [...rest];
  while (remaining.length > 0 && resource.includes(remaining[0] as string)) remaining.shift();
  // An action named like a plain operation (`create` in `/flavors/{id}/action`) says so.
  if (remaining.length === 0 && CRUD_VERBS.has(verb)) remaining.push('action');
  return { verb: [verb], rest: remaining };
}

const CRUD_VERBS: ReadonlySet<string> = new Set(['create', 'get', 'list', 'show', 'update', 'delete']);

// ——— words

/** An action name as words: `os-getVNCConsole` → get vnc console. */
export function actionWords(name: string): string[] {
  return lowerWords(name.replace(/^os-/i, ''));
}

function lowerWords(text: string): string[] {
  return splitWords(text).map((word) => word.toLowerCase());
}

/**
 * A metadata resource as words: `server/interface` → server interface; `OS_FEDERATION/mapping` →
 * mapping, or federation mapping with its namespace.
 */
export function resourceWords(resource: string): { words: string[]; namespaced?: string[] } {
  const words: string[] = [];
  const namespaced: string[] = [];
  let hasNamespace = false;
  for (const segment of resource.split('/')) {
    if (/^OS_/.test(segment)) {
      hasNamespace = true;
      namespaced.push(...lowerWords(segment.slice(3)));
      continue;
    }
    const segmentWords = lowerWords(segment);
    words.push(...segmentWords);
    namespaced.push(...segmentWords);
  }
  return hasNamespace ? { words, namespaced } : { words };
}

/** A path segment as words: `os-volume_attachments` → volume attachments. */
function segmentWords(segment: string): string[] {
  return lowerWords(segment.replace(/^os-/, ''));
}

/**
 * The resource of a path: its literal segments, singular where an id or nothing follows (a
 * segment followed by another literal stays as written: `/os-cells/capacities` → cells capacities),
 * plus the name of a parameter that is not the id of the segment before it
 * (`/domains/{domain_id}/config/{group}` → domain config group). `OS-X` segments and the `os-` of
 * `os-x` are a namespace.
 */
function pathResourceWords(segments: readonly string[]): { words: string[]; namespaced?: string[] } {
  const words: string[] = [];
  const namespaced: string[] = [];
  let hasNamespace = false;
  segments.forEach((segment, index) => {
    const next = segments[index + 1];
    if (isParam(segment)) {
      const name = segment.slice(1, -1);
      const before = segments[index - 1];
      const owner = before !== undefined && !isParam(before) ? singularWords(segmentWords(before)) : [];
      // `{server_id}` after `servers`, `{tag_name}` after `tags`: the segment's own id.
      const nameWords = lowerWords(name);
      if (['id', 'name'].includes(nameWords.at(-1) as string)) nameWords.pop();
      const isOwnId =
        nameWords.length === 0 ||
        nameWords.join('_') === owner.join('_') ||
        nameWords.join('_') === owner.at(-1);
      if (!isOwnId && index > 0) {
        words.push(...nameWords);
        namespaced.push(...nameWords);
      }
      return;
    }
    if (/^OS-[A-Z0-9-]+$/.test(segment)) {
      hasNamespace = true;
      namespaced.push(...lowerWords(segment.slice(3)));
      return;
    }
    if (/^os-/.test(segment)) {
      hasNamespace = true;
      namespaced.push('os');
    }
    const written = segmentWords(segment);
    const form = next === undefined || isParam(next) ? singularWords(written) : written;
    words.push(...form);
    namespaced.push(...form);
  });
  return hasNamespace ? { words, namespaced } : { words };
}

/** The path ends in a literal segment whose last word is plural (`/limits`, `/{id}/diagnostics`). */
function pathEndsPlural(path: string): boolean {
  const last = path
    .split('/')
    .filter((segment) => segment !== '')
    .at(-1);
  if (last === undefined || /^\{.*\}$/.test(last)) return false;
  const word = segmentWords(last).at(-1);
  return word !== undefined && singular(word) !== word;
}

const UNCOUNTABLE = new Set(['metadata', 'data', 'info', 'dns', 'access', 'news', 'series']);

/** English singular of one lower-case word. */
export function singular(word: string): string {
  if (UNCOUNTABLE.has(word) || word.length <= 3) return word === 'ips' ? 'ip' : word;
  if (/[^aeiou]ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(?:ss|us|is)$/.test(word)) return word;
  if (/(?:sses|xes|ches|shes|zes|uses)$/.test(word)) return word.slice(0, -2);
  if (/s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** English plural of one lower-case word. */
export function plural(word: string): string {
  if (UNCOUNTABLE.has(word)) return word;
  if (singular(word) !== word) return word;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(?:s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

function singularWords(words: readonly string[]): string[] {
  return words.length === 0 ? [] : [...words.slice(0, -1), singular(words.at(-1) as string)];
}

function pluralWords(words: readonly string[]): string[] {
  return words.length === 0 ? [] : [...words.slice(0, -1), plural(words.at(-1) as string)];
}
