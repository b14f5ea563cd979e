/**
 * The metamodel's naming rules (upstream `ModelNameParser`): a name is a list of lower-case words,
 * printed joined by `_`. There is no acronym handling: `ScsiGenericIO` is `scsi_generic_i_o`.
 */

/** A Java identifier → metamodel name: strip `_` at both ends, split before every upper-case letter. */
export function javaName(identifier: string): string {
  const bare = identifier.replace(/^_+|_+$/g, '');
  return bare
    .split(/(?=[A-Z])/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase())
    .join('_');
}

/** An enum constant (`I440FX_SEA_BIOS`) → metamodel name, split on `_`. */
export function constantName(identifier: string): string {
  return identifier
    .split('_')
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase())
    .join('_');
}

/** A service interface name → service name: `VmsService` → `vms`. */
export function serviceName(identifier: string): string {
  return javaName(identifier.endsWith('Service') ? identifier.slice(0, -'Service'.length) : identifier);
}

/** An `.adoc` file base name → document name: `001-Introduction` → `001_introduction`. */
export function documentName(baseName: string): string {
  const dash = baseName.indexOf('-');
  if (dash < 0) return javaName(baseName);
  return `${baseName.slice(0, dash).toLowerCase()}_${javaName(baseName.slice(dash + 1))}`;
}
