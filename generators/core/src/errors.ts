/**
 * The errors a generator run reports to the person running it. The CLIs print their message alone;
 * anything else escaping a run is a bug and gets its stack printed.
 */
export class GeneratorError extends Error {
  override name = 'GeneratorError';
}

/** A schema file that could not be read or understood; the message starts with its path. */
export class SchemaFileError extends GeneratorError {
  override name = 'SchemaFileError';

  constructor(
    readonly file: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`${file}: ${reason}`, options);
  }
}

/** Errors whose message is written for the person at the terminal (ours and @overcast/schemas'). */
export function isUserError(error: unknown): error is Error {
  return error instanceof GeneratorError || (error instanceof Error && error.name === 'SchemasError');
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
