/**
 * The simulator's objects against real answers: every field it writes must exist, with the same
 * JSON type, in the fixture recorded from a real management server (shared/fixtures/cloudstack).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from '@overcast/generator-core/shared-data';
import { signCloudStack } from '@overcast/runtime/signing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCloudStackSimulator, startCloudStackSimulator } from './simulator.js';

const FIXTURES = sharedPath('fixtures/cloudstack/cloudstack-go-e463cd1/test/testdata/');

// biome-ignore lint/suspicious/noExplicitAny: fixtures and answers are walked generically
type Json = any;

function fixture(file: string, command: string): Json {
  const all = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));
  const [payload] = Object.values(all[command] as Record<string, unknown>);
  return payload;
}

function jsonType(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

/** The fields of `ours` missing from `real` or of another JSON type there, as `name: ours vs real`. */
function mismatches(ours: Record<string, unknown>, real: Record<string, unknown>): string[] {
  return Object.entries(ours).flatMap(([name, value]) => {
    if (!(name in real)) return [`${name}: not in the real answer`];
    const [a, b] = [jsonType(value), jsonType(real[name])];
    return a === b ? [] : [`${name}: ${a} vs ${b}`];
  });
}

let sim: RunningCloudStackSimulator;

async function ok(command: string, params: Record<string, string | number> = {}): Promise<Json> {
  const signed = signCloudStack({ command, params, apiKey: sim.account.apiKey, secret: sim.account.secret });
  const response = await fetch(`${sim.endpoint}?${signed.queryString}`);
  const body: Json = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body[`${command.toLowerCase()}response`];
}

async function finished(jobid: string): Promise<Json> {
  for (;;) {
    const job = await ok('queryAsyncJobResult', { jobid });
    if (job.jobstatus !== 0) return job;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

beforeAll(async () => {
  sim = await startCloudStackSimulator({ jobDuration: 1 });
});
afterAll(() => sim.close());

describe('simulated objects have the shapes of real answers', () => {
  it('compares shapes field by field', () => {
    expect(mismatches({ a: 1, b: [], c: 'x' }, { a: '1', b: [] })).toEqual([
      'a: number vs string',
      'c: not in the real answer',
    ]);
  });

  it('virtual machines, their NICs and the deploy job', async () => {
    const zoneid = (await ok('listZones')).zone[0].id;
    const serviceofferingid = (await ok('listServiceOfferings')).serviceoffering[0].id;
    const templateid = (await ok('listTemplates', { templatefilter: 'all' })).template[0].id;
    const { jobid } = await ok('deployVirtualMachine', {
      zoneid,
      serviceofferingid,
      templateid,
      name: 'shape',
    });
    const job = await finished(jobid);
    const realJob = fixture('VirtualMachineService.json', 'deployVirtualMachine');
    const { jobresult, ...jobFields } = job;
    expect(mismatches(jobFields, realJob)).toEqual([]);
    const { nic, securitygroup, ...vm } = jobresult.virtualmachine;
    const realVm = realJob.jobresult.virtualmachine;
    expect(
      mismatches(vm, {
        ...fixture('VirtualMachineService.json', 'listVirtualMachines').virtualmachine[0],
        ...realVm,
      }),
    ).toEqual([]);
    expect(mismatches(nic[0], realVm.nic[0])).toEqual([]);
    expect(securitygroup).toEqual([]);
  });

  it('networks, network offerings and service offerings', async () => {
    const [network] = (await ok('listNetworks')).network;
    expect(mismatches(network, fixture('NetworkService.json', 'listNetworks').network[0])).toEqual([]);
    const [offering] = (await ok('listNetworkOfferings')).networkoffering;
    expect(
      mismatches(offering, fixture('NetworkOfferingService.json', 'listNetworkOfferings').networkoffering[0]),
    ).toEqual([]);
    const [service] = (await ok('listServiceOfferings')).serviceoffering;
    expect(
      mismatches(service, fixture('ServiceOfferingService.json', 'createServiceOffering').serviceoffering),
    ).toEqual([]);
  });

  it('templates', async () => {
    const [template] = (await ok('listTemplates', { templatefilter: 'all' })).template;
    expect(mismatches(template, fixture('TemplateService.json', 'registerTemplate').template[0])).toEqual([]);
  });

  it('the createTags job', async () => {
    const [network] = (await ok('listNetworks')).network;
    const signedTags = {
      resourcetype: 'Network',
      resourceids: network.id,
      'tags[0].key': 'a',
      'tags[0].value': 'b',
    };
    const job = await finished((await ok('createTags', signedTags)).jobid);
    const real = fixture('ResourcetagsService.json', 'createTags');
    expect(mismatches(job, real)).toEqual([]);
    expect(job.jobresult).toEqual(real.jobresult);
  });
});
