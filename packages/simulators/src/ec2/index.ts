/** The EC2 simulator's public surface, also the `@overcast/simulators/ec2` entry. */

// The kit's types, so that a test importing only this provider's entry needs no other import.
export type * from '../kit-types.js';
export { EC2_API_PATH, MODELLED_ACTIONS as EC2_MODELLED_ACTIONS } from './handler.js';
export type { SignatureRules as Ec2SignatureRules } from './signature.js';
export {
  DEFAULT_EC2_CREDENTIALS,
  DEFAULT_EC2_PROJECT_ID,
  DEFAULT_EC2_REGION,
  type Ec2ClientSettings,
  type Ec2Credentials,
  type Ec2SimulatorOptions,
  ec2Simulator,
  type RunningEc2Simulator,
  startEc2Simulator,
} from './simulator.js';
export type { Ec2Seed } from './state.js';
