/**
 * Model names against call-option names. A call's transport options (`timeout`, `signal`, `headers`,
 * `query`, `retry`: the runtime's `CALL_OPTION_NAMES`) are a separate trailing argument, so an API
 * parameter may take any name. Where a model name and an option name still end up in ONE object
 * that a client reads both out of (a positional call whose trailing object may be either, a
 * parameters object a client guards against misplaced options), a shared name would be sent to the
 * wrong place: a generator calls `assertNoOptionClash` on those names and the run fails instead.
 *
 * The option names are passed in (the generators import them from `@overcast/runtime`), so this
 * package stays free of the runtime.
 */
import { GeneratorError } from './errors.js';

/** The names of `names` that are also option names, sorted, each once. */
export function optionClashes(names: Iterable<string>, optionNames: readonly string[]): string[] {
  const options = new Set(optionNames);
  return [...new Set([...names].filter((name) => options.has(name)))].sort();
}

/**
 * Fails the generation when a model name in `names` is also one of `optionNames`, naming `where`
 * (`VmService.start parameters`) and every clashing name.
 *
 * @throws GeneratorError listing the clashes
 */
export function assertNoOptionClash(
  names: Iterable<string>,
  where: string,
  optionNames: readonly string[],
): void {
  const clashes = optionClashes(names, optionNames);
  if (clashes.length === 0) return;
  const list = clashes.map((name) => `'${name}'`).join(', ');
  throw new GeneratorError(
    `${where}: ${list} ${clashes.length === 1 ? 'is' : 'are'} both a model name and a call option (${optionNames.join(', ')}) in one object; rename the parameter or keep the options apart`,
  );
}
