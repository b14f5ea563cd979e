/** Makes `overcast-sim ec2` start the EC2 simulator. */
import { registerSimulator } from '../registry.js';
import { ec2Simulator } from './simulator.js';

registerSimulator(ec2Simulator.name, ec2Simulator.definition);
