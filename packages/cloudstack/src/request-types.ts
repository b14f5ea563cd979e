/**
 * The types of `request()`, `iterate()` and `waitForJob()`: a command the pinned listApis knows
 * gets its parameters and its result; any other name (a plugin's command, a newer server's) is
 * sent all the same, untyped, with no client-side check of the name.
 */
import type { CloudStackParams } from '@overcast/runtime/signing';
import type {
  Args,
  AsyncCallOptions,
  AsyncJobSubmission,
  CallOptions,
  FetchListOptions,
} from './command-types.js';
import type { AsyncCommandName, CommandParams, CommandResults, ListItems } from './generated/index.js';

/** Every command of the pinned listApis. */
export type CommandName = keyof CommandParams & string;

/** The list commands, whose items `iterate()` and `fetchList` return. */
export type ListCommandName = keyof ListItems & string;

/** What `request()` and the typed methods accept, all kinds together. */
export type AnyCallOptions = CallOptions &
  Partial<Pick<AsyncCallOptions, 'fetchResult' | 'pollInterval' | 'jobTimeout'>> &
  Partial<Omit<FetchListOptions, keyof CallOptions>>;

/** The options type of a call given none (`{}`). */
export type NoOptions = Record<never, never>;

/** Options of `iterate()`. */
export type IterateOptions = CallOptions & Partial<Pick<FetchListOptions, 'pageSize' | 'concurrency'>>;

/** `true` for a literal command name of the pinned listApis; `false` for any other string. */
type Known<C extends string> = string extends C ? false : C extends CommandName ? true : false;

/** `request()`'s parameters and options after the command name. */
export type RequestArgs<C extends string, O> =
  Known<C> extends true ? Args<CommandParams[C & CommandName], O> : [params?: CloudStackParams, options?: O];

/**
 * What `request()` resolves to: the command's result (for an async command, its job's result,
 * the submission with `fetchResult: false`, either with a `boolean`), every item with
 * `fetchList: true`; `unknown` for a command the pinned listApis does not know.
 */
export type RequestResult<C extends string, O> =
  Known<C> extends false
    ? O extends { fetchList: true }
      ? unknown[]
      : unknown
    : O extends { fetchList: true }
      ? ListItems[C & ListCommandName][]
      : C extends AsyncCommandName
        ? JobAnswer<CommandResults[C], O>
        : CommandResults[C & CommandName];

type JobAnswer<R, O> = O extends { fetchResult: false }
  ? AsyncJobSubmission
  : O extends { fetchResult?: true }
    ? R
    : R | AsyncJobSubmission;

/** `iterate()`'s parameters and options after the command name. */
export type IterateArgs<C extends string> =
  Known<C> extends true
    ? Args<CommandParams[C & CommandName], IterateOptions>
    : [params?: CloudStackParams, options?: IterateOptions];

/** What `iterate()` yields: the list command's item, `unknown` for a name it does not know. */
export type IterateItem<C extends string> = C extends ListCommandName ? ListItems[C] : unknown;

/** Options of `waitForJob()`. */
export interface WaitForJobOptions
  extends CallOptions,
    Pick<AsyncCallOptions, 'pollInterval' | 'jobTimeout'> {
  /**
   * The async command that started the job: types the result as that command's, and names the
   * command in errors.
   */
  command?: string;
}

/** A finished job's result when the command that started it is not named. */
export type JobResult = Record<string, unknown>;

/** What `waitForJob()` resolves to: the named async command's result, else a {@link JobResult}. */
export type WaitForJobResult<C extends string> = [C] extends [AsyncCommandName]
  ? CommandResults[C]
  : JobResult;
