/** `one.system.version` and `one.system.config`. */
import { el, leaf } from '../xml-parts.js';
import { xml } from './owned.js';
import type { MethodTable } from './types.js';

/** The oned version the simulator answers as: the pinned schemas' version. */
export const ONED_VERSION = '7.5.80';

/** A few of oned.conf's values, in opennebula_configuration.xsd's order (every element is optional there). */
const CONFIGURATION: readonly [name: string, value: string | number][] = [
  ['DEFAULT_AUTH', 'default'],
  ['DEFAULT_DEVICE_PREFIX', 'hd'],
  ['DEFAULT_IMAGE_TYPE', 'OS'],
  ['DEFAULT_UMASK', '177'],
  ['MAC_PREFIX', '02:00'],
  ['MANAGER_TIMER', 15],
  ['MONITORING_INTERVAL_HOST', 180],
  ['NETWORK_SIZE', 254],
  ['PORT', 2633],
  ['SESSION_EXPIRATION_TIME', 900],
  ['TIMEOUT', 15],
];

export const systemMethods: MethodTable = {
  'one.system.version': () => ONED_VERSION,
  'one.system.config': () =>
    xml(el('OPENNEBULA_CONFIGURATION', ...CONFIGURATION.map(([name, value]) => leaf(name, value)))),
};
