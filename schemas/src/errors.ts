/**
 * The one error kind this package throws on purpose. The CLI prints its message alone (it is
 * written for the person at the terminal); anything else is a bug and gets its stack printed.
 */
export class SchemasError extends Error {
  override name = 'SchemasError';
}
