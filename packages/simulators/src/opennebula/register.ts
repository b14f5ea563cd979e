/** Makes `overcast-sim opennebula` start the OpenNebula simulator. */
import { registerSimulator } from '../registry.js';
import { opennebulaSimulator } from './simulator.js';

registerSimulator(opennebulaSimulator.name, opennebulaSimulator.definition);
