/** Makes `overcast-sim cloudstack` start the CloudStack simulator. */
import { registerSimulator } from '../registry.js';
import { startCloudStackSimulator } from './simulator.js';

registerSimulator('cloudstack', {
  description: 'CloudStack management server API at /client/api (signed requests, async jobs, paging)',
  start: (options) => startCloudStackSimulator(options),
});
