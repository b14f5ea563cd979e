/** Makes `overcast-sim openstack` start the OpenStack simulator. */
import { registerSimulator } from '../registry.js';
import { openstackSimulator } from './simulator.js';

registerSimulator(openstackSimulator.name, openstackSimulator.definition);
