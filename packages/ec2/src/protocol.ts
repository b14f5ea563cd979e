/**
 * The shape of the generated operation table (`src/generated/operations.ts`): what the query
 * serializer (`query.ts`) and the response reader (`xml-reader.ts`) are driven by. It is plain data,
 * readable as it stands and writable by hand (the Smithy protocol-test fixtures are), and it is
 * turned into linked plans once, on first use.
 */

/** The scalar types of the model. */
export type ScalarType =
  | 'string'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'boolean'
  | 'timestamp'
  | 'blob';

/**
 * How a value is written in the query string: a scalar (`base64: true` for a string the client
 * encodes, as botocore does `RunInstances`' `UserData`), a structure (its members dotted under
 * the prefix) or a list (flattened as `Prefix.1`, `Prefix.2`, …; an empty list is not sent).
 */
export type InputType =
  | { readonly type: ScalarType; readonly base64?: true }
  | { readonly type: 'structure'; readonly shape: string }
  | { readonly type: 'list'; readonly member: InputType };

/** A structure member in the query string: its wire name (`queryName`, else `locationName` capitalised, else its name). */
export type InputMember = InputType & { readonly wire: string };

/** An input structure: its members by model name, and which of them are required. */
export interface InputShape {
  readonly required?: readonly string[];
  readonly members: Readonly<Record<string, InputMember>>;
}

/**
 * How an element of a response is read: a scalar from its text, a structure from its child
 * elements, or a list from its child elements whatever their name (`<item>` for EC2).
 */
export type OutputType =
  | { readonly type: ScalarType }
  | { readonly type: 'structure'; readonly shape: string }
  | { readonly type: 'list'; readonly item: OutputType };

/** A structure member in a response: the model member it fills. */
export type OutputMember = OutputType & { readonly member: string };

/** An output structure: its members by XML element name (`locationName`, else the member name). */
export type OutputShape = Readonly<Record<string, OutputMember>>;

/** One operation: the input and output structures (none: no parameters, or no data answered). */
export interface OperationSpec {
  readonly input?: string;
  readonly output?: string;
}

/** Everything the query serializer and the response reader need. */
export interface Ec2Protocol {
  /** Sent as `Version`. */
  readonly apiVersion: string;
  readonly operations: Readonly<Record<string, OperationSpec>>;
  readonly inputShapes: Readonly<Record<string, InputShape>>;
  readonly outputShapes: Readonly<Record<string, OutputShape>>;
}

/** The output of an operation that answers no data. */
export type EmptyStructure = Record<string, never>;

/** A botocore paginator: which input member takes the token, which output member gives it. */
export interface PaginatorSpec {
  readonly inputToken: string;
  readonly outputToken: string;
  /** The page size parameter (`MaxResults`), when the operation has one. */
  readonly limitKey?: string;
  /** The output member listing the page's items. */
  readonly resultKey: string;
}

export type WaiterState = 'success' | 'failure' | 'retry';

/**
 * One acceptor of a waiter, with its JMESPath compiled: `output` tests an answer (path matchers),
 * `error` an error code (error matchers), `status` an HTTP status (status matchers).
 */
export interface WaiterAcceptor<TOutput> {
  readonly state: WaiterState;
  readonly matcher: 'path' | 'pathAll' | 'pathAny' | 'error' | 'status';
  /** The JMESPath of a path matcher, as written in the model (for messages). */
  readonly argument?: string;
  readonly expected: string | number | boolean;
  readonly output?: (output: TOutput) => boolean;
  readonly error?: (code: string) => boolean;
  readonly status?: (status: number) => boolean;
}

/** A botocore waiter: the operation polled, its default pace, and its acceptors in order. */
export interface WaiterSpec<TOperation extends string = string, TOutput = never> {
  readonly operation: TOperation;
  /** Seconds between attempts (the model's `delay`). */
  readonly delay: number;
  readonly maxAttempts: number;
  readonly acceptors: readonly WaiterAcceptor<TOutput>[];
}
