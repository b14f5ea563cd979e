import { signCloudStack } from '@overcast/runtime/signing';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Timers } from '../timers.js';
import type { SimulatorRequest } from '../types.js';
import { CloudState } from './cloud.js';
import { API_PATH, apiHandler, MODELLED_COMMANDS } from './handler.js';
import { JobRunner } from './jobs.js';

const ACCOUNT = { apiKey: 'key', secret: 'secret' };
const cloud = new CloudState();
cloud.reset({ virtualMachines: 3 });
const timers = new Timers();
const now = () => new Date();
const handle = apiHandler({
  secretOf: (apiKey) => (apiKey === ACCOUNT.apiKey ? ACCOUNT.secret : undefined),
  // The fallback too must never fail internally; unknown-looking names still get 432.
  acceptUnknownCommands: true,
  context: { cloud, jobs: new JobRunner(cloud, timers, 0, now), maxPageSize: 500, now },
});
afterAll(() => timers.close());

function get(queryString: string): SimulatorRequest {
  return {
    method: 'GET',
    url: `${API_PATH}?${queryString}`,
    path: API_PATH,
    query: new URLSearchParams(queryString),
    headers: {},
    body: Buffer.alloc(0),
    text: '',
  };
}

// Ids that exist, so that commands get past their lookups, plus garbage.
const knownIds = [
  ...cloud.zones.list(),
  ...cloud.serviceOfferings.list(),
  ...cloud.templates.list(),
  ...cloud.virtualMachines.list(),
  ...cloud.networks.list(),
  ...cloud.securityGroups.list(),
].map((item) => item.id);
const value = fc.oneof(fc.constantFrom(...knownIds, '-1', '0', 'true', 'tcp', 'UserVm', 'all'), fc.string());
const name = fc.constantFrom(
  'id',
  'ids',
  'name',
  'zoneid',
  'templateid',
  'serviceofferingid',
  'networkofferingid',
  'securitygroupid',
  'virtualmachineid',
  'resourceids',
  'resourcetype',
  'page',
  'pagesize',
  'protocol',
  'startport',
  'cidrlist',
  'templatefilter',
  'keyword',
  'expunge',
  'size',
  'jobid',
);

describe('the API handler on arbitrary signed requests', () => {
  it('always answers JSON with a CloudStack status, never an internal failure', async () => {
    // Two requests that certainly start jobs, beside whatever the random ones start.
    const [vm] = cloud.virtualMachines.list();
    for (const [cmd, params] of [
      ['stopVirtualMachine', { id: vm?.id }],
      ['migrateVirtualMachine', {}],
    ] as const) {
      expect(handle(get(signCloudStack({ command: cmd, params, ...ACCOUNT }).queryString))).toMatchObject({
        status: 200,
      });
    }
    const command = fc.oneof(fc.constantFrom(...MODELLED_COMMANDS), fc.string());
    fc.assert(
      fc.property(command, fc.dictionary(name, value, { maxKeys: 6 }), (cmd, params) => {
        fc.pre(cmd !== '');
        const signed = signCloudStack({ command: cmd, params, ...ACCOUNT });
        const answer = handle(get(signed.queryString));
        expect(answer).not.toBeInstanceOf(Promise);
        const { status, body } = answer as { status: number; body: string };
        expect([200, 431, 432, 536]).toContain(status);
        const [envelope, ...others] = Object.keys(JSON.parse(body));
        expect(others).toEqual([]);
        expect(envelope).toMatch(/response$/);
      }),
      { numRuns: 400 },
    );
    // The jobs those requests started have run by now; none may have died of a simulator bug (530).
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cloud.jobs.size).toBeGreaterThanOrEqual(2);
    expect(cloud.jobs.list((job) => job.jobstatus !== 2 || job.jobresultcode !== 530)).toHaveLength(
      cloud.jobs.size,
    );
  });

  it('answers 401 to arbitrary unsigned or mis-signed query strings', () => {
    fc.assert(
      fc.property(fc.string(), (garbage) => {
        const answer = handle(get(garbage)) as { status: number };
        expect(answer.status).toBe(401);
      }),
    );
  });
});
