/** Makes `overcast-sim ovirt` start the oVirt engine simulator. */
import { registerSimulator } from '../registry.js';
import { ovirtSimulator } from './simulator.js';

registerSimulator(ovirtSimulator.name, ovirtSimulator.definition);
