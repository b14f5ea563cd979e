/**
 * The value kinds a serializer or reader plan switches on (small integers, so a hot loop compares
 * numbers, not strings), shared by the query serializer and the XML reader. Each may number kinds
 * of its own from `FIRST_OWN_KIND` on.
 */
import type { ScalarType } from './protocol.js';

export const STRING = 0;
export const INTEGER = 1;
export const NUMBER = 2;
export const BOOLEAN = 3;
export const TIMESTAMP = 4;
export const BLOB = 5;
export const STRUCTURE = 6;
export const LIST = 7;
export const FIRST_OWN_KIND = 8;

/** The kind of each model scalar type. */
export const SCALAR_KINDS: Readonly<Record<ScalarType, number>> = {
  string: STRING,
  integer: INTEGER,
  long: INTEGER,
  float: NUMBER,
  double: NUMBER,
  boolean: BOOLEAN,
  timestamp: TIMESTAMP,
  blob: BLOB,
};
