/** Makes `overcast-sim ovirt` start the oVirt engine simulator. */
import { registerSimulator } from '../registry.js';
import { startOvirtSimulator } from './simulator.js';

registerSimulator('ovirt', {
  description: 'oVirt engine REST API at /ovirt-engine/api (SSO bearer tokens, XML, VM status transitions)',
  start: (options) => startOvirtSimulator(options),
});
