/**
 * Corrections to listApis where real servers answer differently from what the schema says, found
 * by type-checking the real answers in ../shared/fixtures/cloudstack against the generated types.
 * Keyed by command, then top-level field: the type the server really sends.
 */
export const FIELD_TYPE_FIXES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // listApis says string; the server sends a number of bytes (as listHosts' field of the same name).
  findHostsForMigration: { memoryallocated: 'long' },
};
