/**
 * The real CloudStack answers in ../shared/fixtures/cloudstack (captured from a management server by
 * the cloudstack-go maintainers) and the simulator's answers go through @overcast/cloudstack:
 * served by a test server, each real answer comes back from the client without loss; and every
 * answer of a command in the pinned listApis 4.18 type-checks against the generated result type,
 * with no `any`: a field the types call always sent must be there, every typed field must have its
 * type, and the answer must have the shape (list, object under its name, flat) the types say.
 * Fields the types do not list are allowed (a server of another version sends some): only their
 * names are reported.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CloudStack, commandSpec } from '@overcast/cloudstack';
import { MODELLED_COMMANDS, startCloudStackSimulator } from '@overcast/simulators';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const FIXTURES = fileURLToPath(
  new URL('../../../shared/fixtures/cloudstack/cloudstack-go-e463cd1/test/testdata/', import.meta.url),
);

interface Fixture {
  file: string;
  command: string;
  /** The answer after its envelope: a sync payload, or an async command's finished job. */
  payload: Record<string, unknown>;
}

function fixtures(): Fixture[] {
  if (!existsSync(FIXTURES))
    throw new Error(`${FIXTURES} is missing: these tests need ../shared beside the repository`);
  return readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap((file) =>
      Object.entries(
        JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Record<string, Record<string, unknown>>,
      ).map(([command, envelope]) => ({
        file,
        command,
        payload: Object.values(envelope)[0] as Record<string, unknown>,
      })),
    );
}

const all = fixtures();
/** Async fixtures hold the finished job; it is served as the queryAsyncJobResult answer. */
const isJob = (fixture: Fixture) => 'jobstatus' in fixture.payload && 'jobresult' in fixture.payload;

/** One answer to type-check: `value` must be assignable to `type` (a type of `@overcast/cloudstack`). */
interface Sample {
  label: string;
  type: string;
  value: unknown;
}

/** The problems of the samples against their types, each prefixed with its sample's label. */
function typeProblems(samples: readonly Sample[]): string[] {
  // Each value is a `const` first, assigned to its type second: the assignment checks every typed
  // field, but not the fields the type does not list (no excess-property check on a variable).
  const lines = ["import type * as cs from '@overcast/cloudstack';"];
  const labels: string[] = [];
  samples.forEach((sample, i) => {
    lines.push(
      `const v${i} = ${JSON.stringify(sample.value)};`,
      `export const t${i}: cs.${sample.type} = v${i};`,
    );
    labels[lines.length - 1] = sample.label;
  });
  // Inside the test workspace, so that @overcast/cloudstack resolves to the built package.
  const file = fileURLToPath(new URL('../__answer_types__.ts', import.meta.url));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    noUncheckedIndexedAccess: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const source = lines.join('\n');
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) =>
    name === file ? ts.createSourceFile(name, source, version) : getSourceFile(name, version);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => {
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    return `${labels[line] ?? '?'}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n').slice(0, 400)}`;
  });
}

describe('CloudStack fixtures through the client', () => {
  let served: Fixture | undefined;
  let endpoint = '';
  const server = createServer((req, res) => {
    const command = new URL(req.url ?? '/', 'http://x').searchParams.get('command');
    const fixture = served as Fixture;
    const payload =
      command === 'queryAsyncJobResult' || !isJob(fixture) ? fixture.payload : { jobid: 'job-1' };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ [`${String(command).toLowerCase()}response`]: payload }));
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/api`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it(`decodes all ${all.length} answers without loss`, async () => {
    const client = new CloudStack({ endpoint, key: 'k', secret: 's', pollInterval: 1 });
    expect(all.length).toBeGreaterThan(100);
    for (const fixture of all) {
      served = fixture;
      const answer = await client.request(fixture.command as string, {});
      const expected = isJob(fixture) ? fixture.payload['jobresult'] : fixture.payload;
      expect(answer, `${fixture.file} ${fixture.command}`).toEqual(expected);
    }
    await client.close();
  });
});

describe('CloudStack fixtures against the generated types', () => {
  it('every fixture of a command in listApis 4.18 type-checks against its result type', () => {
    const known = all.filter((fixture) => commandSpec(fixture.command) !== undefined);
    expect(known.length).toBeGreaterThan(100);
    const samples = known.flatMap((fixture): Sample[] => {
      const label = `${fixture.file} ${fixture.command}`;
      const result = { label, type: `CommandResults['${fixture.command}']` };
      // An async fixture is also a real queryAsyncJobResult answer.
      return isJob(fixture)
        ? [
            { ...result, value: fixture.payload['jobresult'] },
            {
              label: `${label} (the job)`,
              type: "CommandResults['queryAsyncJobResult']",
              value: fixture.payload,
            },
          ]
        : [{ ...result, value: fixture.payload }];
    });
    expect(typeProblems(samples)).toEqual([]);
  }, 60_000);
});

describe('the CloudStack simulator against the generated types', () => {
  it('every answer of every command it models type-checks against its result type', async () => {
    const sim = await startCloudStackSimulator({ jobDuration: 1, seed: { virtualMachines: 2 } });
    const cs = new CloudStack({
      endpoint: sim.endpoint,
      key: sim.account.apiKey,
      secret: sim.account.secret,
      pollInterval: 2,
    });
    const samples: Sample[] = [];
    /** The answer of `call`, kept as a sample of `command`'s result type (or of `type`). */
    const answer = async <T>(command: string, call: Promise<T>, type = `CommandResults['${command}']`) => {
      const value = await call;
      samples.push({ label: `simulator ${command}`, type, value });
      return value;
    };
    try {
      const zoneid = (await answer('listZones', cs.listZones())).zone[0]?.id ?? '';
      const serviceofferingid =
        (await answer('listServiceOfferings', cs.listServiceOfferings())).serviceoffering[0]?.id ?? '';
      const templateid =
        (await answer('listTemplates', cs.listTemplates({ templatefilter: 'executable' }))).template[0]?.id ??
        '';
      const networkofferingid =
        (await answer('listNetworkOfferings', cs.listNetworkOfferings())).networkoffering[0]?.id ?? '';

      const { network } = await answer(
        'createNetwork',
        cs.createNetwork({ name: 'n', displaytext: 'n', zoneid, networkofferingid }),
      );
      await answer('listNetworks', cs.listNetworks());

      const { securitygroup } = await answer('createSecurityGroup', cs.createSecurityGroup({ name: 'sg' }));
      const opened = await answer(
        'authorizeSecurityGroupIngress',
        cs.authorizeSecurityGroupIngress({
          securitygroupid: securitygroup.id,
          protocol: 'tcp',
          startport: 22,
          endport: 22,
          cidrlist: ['10.0.0.0/8'],
        }),
      );
      await answer('listSecurityGroups', cs.listSecurityGroups());
      const ruleid = opened.securitygroup.ingressrule[0]?.ruleid ?? '';
      await answer('revokeSecurityGroupIngress', cs.revokeSecurityGroupIngress({ id: ruleid }));

      const submitted = await answer(
        'deployVirtualMachine',
        cs.deployVirtualMachine(
          { zoneid, serviceofferingid, templateid, name: 'typed' },
          { fetchResult: false },
        ),
        'AsyncJobSubmission',
      );
      // Asked at once: still running (no `jobresult`).
      await answer('queryAsyncJobResult', cs.queryAsyncJobResult({ jobid: submitted.jobid }));
      const { virtualmachine } = await answer(
        'deployVirtualMachine',
        cs.waitForJob(submitted.jobid, { command: 'deployVirtualMachine' }),
      );
      // Finished: with its `jobresult`.
      await answer('queryAsyncJobResult', cs.queryAsyncJobResult({ jobid: submitted.jobid }));
      await answer('listVirtualMachines', cs.listVirtualMachines());
      await answer('stopVirtualMachine', cs.stopVirtualMachine({ id: virtualmachine.id }));
      await answer('startVirtualMachine', cs.startVirtualMachine({ id: virtualmachine.id }));
      await answer('rebootVirtualMachine', cs.rebootVirtualMachine({ id: virtualmachine.id }));

      const { volume } = await answer('createVolume', cs.createVolume({ name: 'data', zoneid }));
      await answer('attachVolume', cs.attachVolume({ id: volume.id, virtualmachineid: virtualmachine.id }));
      await answer('listVolumes', cs.listVolumes());
      await answer('detachVolume', cs.detachVolume({ id: volume.id }));
      await answer('deleteVolume', cs.deleteVolume({ id: volume.id }));

      const tag = {
        resourcetype: 'UserVm',
        resourceids: [virtualmachine.id],
        tags: [{ key: 'env', value: 'test' }],
      };
      await answer('createTags', cs.createTags(tag));
      await answer('listTags', cs.listTags());
      await answer('deleteTags', cs.deleteTags(tag));
      await answer('listAsyncJobs', cs.listAsyncJobs());

      await answer(
        'destroyVirtualMachine',
        cs.destroyVirtualMachine({ id: virtualmachine.id, expunge: true }),
      );
      await answer('deleteSecurityGroup', cs.deleteSecurityGroup({ id: securitygroup.id }));
      await answer('deleteNetwork', cs.deleteNetwork({ id: network.id }));
    } finally {
      await cs.close();
      await sim.close();
    }
    // Every command the simulator models was asked (a newly modelled one must be added above).
    expect(
      [...MODELLED_COMMANDS].filter((command) => !samples.some((s) => s.label === `simulator ${command}`)),
    ).toEqual([]);
    expect(typeProblems(samples)).toEqual([]);
  }, 60_000);
});
