/**
 * The CloudStack IR: what the reader makes of a `listApis.json` and the emitter and digest consume.
 * Plain JSON, upstream names kept as they are, every list sorted by name so output is deterministic.
 */

/** Everything the generator knows about one schema version. */
export interface CloudStackIr {
  commands: CommandIr[];
}

/** How a command's answer (after the envelope key) is shaped. */
export type ResultShape =
  /** `{ count, <itemKey>: Item[] }`: the list commands (and a few others answering like them). */
  | { kind: 'list'; itemKey: string }
  /**
   * `{ <key>: Entity }`, the key being one of `objectKeys` (most have one; a few answer under
   * another name depending on a parameter, e.g. `template` or `iso`).
   */
  | { kind: 'object'; objectKeys: string[] }
  /** The fields at the top level: `{ success, displaytext }`, `login`'s, `queryAsyncJobResult`'s. */
  | { kind: 'flat' }
  /** One object under a name nobody has recorded (the server's `objectName`): `{ [name]: Entity }`. */
  | { kind: 'keyed' };

export interface CommandIr {
  /** As on the wire: `listVirtualMachines`. */
  name: string;
  description: string;
  since?: string;
  /** The server answers with a job id and the result comes from `queryAsyncJobResult`. */
  isAsync: boolean;
  /** Takes `page` and `pagesize`, so it can be fetched page by page. */
  pages: boolean;
  result: ResultShape;
  params: ParamIr[];
  /** The fields of the answer's entity (the list item, the object, or the flat answer). */
  fields: FieldIr[];
}

/** The parameter types of listApis (`string`, `uuid`, `integer`, `list`, `map`, `date`…). */
export interface ParamIr {
  name: string;
  type: string;
  required: boolean;
  /** Sent comma-joined from an array. */
  list: boolean;
  /** Sent as `name[i].key=value` from an object or an array of objects. */
  map: boolean;
  uuid: boolean;
  date: boolean;
  length: number;
  since?: string;
  description: string;
}

/** One field of an answer; `fields` when listApis describes the elements of a list or set. */
export interface FieldIr {
  name: string;
  type: string;
  description: string;
  /** The server always sends it (see `required-fields.ts` for the evidence); else it may be absent. */
  required: boolean;
  fields?: FieldIr[];
}
