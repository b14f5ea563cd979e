/** Makes `overcast-sim cloudstack` start the CloudStack simulator. */
import { registerSimulator } from '../registry.js';
import { cloudstackSimulator } from './simulator.js';

registerSimulator(cloudstackSimulator.name, cloudstackSimulator.definition);
