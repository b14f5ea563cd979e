/** Makes `overcast-sim opennebula` start the OpenNebula simulator. */
import { registerSimulator } from '../registry.js';
import { startOpenNebulaSimulator } from './simulator.js';

registerSimulator('opennebula', {
  description: 'OpenNebula oned XML-RPC API at /RPC2 (session oneadmin:opennebula, VM state machine)',
  start: (options) => startOpenNebulaSimulator(options),
});
