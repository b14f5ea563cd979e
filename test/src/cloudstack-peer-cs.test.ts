/**
 * Interop with the real Python peer: Debian's `python3-cs` library and its `cloudstack` command
 * (cs 2.7.1) against our CloudStack simulator, which verifies every signature with the server's
 * rules. Nothing here reads the user's ~/.cloudstack.ini: HOME and the working directory are a
 * fresh temporary directory and the configuration comes from CLOUDSTACK_* variables.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signCloudStack } from '@overcast/runtime/signing';
import {
  FAILING_VM_NAME_PREFIX,
  type RunningCloudStackSimulator,
  startCloudStackSimulator,
} from '@overcast/simulators';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const PYTHON = '/usr/bin/python3';
const CLOUDSTACK_CLI = '/usr/bin/cloudstack';
const MISSING_PEER =
  "Debian's python3-cs and cs (cs 2.7.1, command `cloudstack`) are required: `sh scripts/system-deps.sh` installs them";

// Runs a list of library calls in one Python process and prints one JSON result per call.
const LIBRARY_SCRIPT = `
import json, sys
from cs import CloudStack, CloudStackApiException, CloudStackException
request = json.load(sys.stdin)
api = CloudStack(endpoint=request["endpoint"], key=request["key"], secret=request["secret"],
                 method=request["method"], poll_interval=0.02, job_timeout=60)
results = []
for call in request["calls"]:
    try:
        results.append({"ok": getattr(api, call["command"])(**call["params"])})
    except CloudStackApiException as error:
        results.append({"error": error.args[0], "status": error.response.status_code, "body": error.error})
    except CloudStackException as error:
        results.append({"error": " ".join(str(arg) for arg in error.args)})
print(json.dumps(results))
`;

interface LibraryCall {
  command: string;
  /** cs's keyword arguments, e.g. `{ fetch_list: true, pagesize: 5 }`. */
  params?: Record<string, unknown>;
}

// biome-ignore lint/suspicious/noExplicitAny: results are JSON checked field by field
type Json = any;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let sim: RunningCloudStackSimulator;
let home: string;
let ids: { zoneid: string; serviceofferingid: string; templateid: string };

function run(
  file: string,
  args: string[],
  input?: string,
  extraEnv: Record<string, string> = {},
): Promise<Run> {
  const env = {
    ...extraEnv,
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    PYTHONIOENCODING: 'utf-8',
    CLOUDSTACK_ENDPOINT: sim.endpoint,
    CLOUDSTACK_KEY: sim.account.apiKey,
    CLOUDSTACK_SECRET: sim.account.secret,
    CLOUDSTACK_POLL_INTERVAL: '0.02',
  };
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { env, cwd: home, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
    child.stdin?.end(input ?? '');
  });
}

/** Runs the calls through the `cs` library; one result per call, `{ ok }` or `{ error, status, body }`. */
async function library(calls: LibraryCall[], method: 'get' | 'post' = 'get'): Promise<Json[]> {
  const input = JSON.stringify({
    endpoint: sim.endpoint,
    key: sim.account.apiKey,
    secret: sim.account.secret,
    method,
    calls: calls.map(({ command, params = {} }) => ({ command, params })),
  });
  const { code, stdout, stderr } = await run(PYTHON, ['-c', LIBRARY_SCRIPT], input);
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout);
}

/** Runs the `cloudstack` command. */
function cli(...args: string[]): Promise<Run> {
  return run(CLOUDSTACK_CLI, args);
}

/** Runs the `cloudstack` command with more `CLOUDSTACK_*` settings. */
function cliWith(env: Record<string, string>, ...args: string[]): Promise<Run> {
  return run(CLOUDSTACK_CLI, args, undefined, env);
}

/** Counts the requests for `command` the simulator receives from now on. */
function countRequests(command: string): { readonly count: number } {
  const rule = sim.faults.add({ kind: 'latency', ms: 0, when: (r) => commandOf(r) === command });
  return {
    get count() {
      return rule.injected;
    },
  };
}

function commandOf(request: { query: URLSearchParams; text: string }): string | null {
  return request.query.get('command') ?? new URLSearchParams(request.text).get('command');
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'overcast-cs-peer-'));
  sim = await startCloudStackSimulator({ jobDuration: 20, seed: { virtualMachines: 23 } });
  if (!existsSync(CLOUDSTACK_CLI) || !existsSync(PYTHON)) return;
  const [zones, offerings, templates] = await library([
    { command: 'listZones' },
    { command: 'listServiceOfferings' },
    { command: 'listTemplates', params: { templatefilter: 'featured' } },
  ]);
  ids = {
    zoneid: zones.ok.zone[0].id,
    serviceofferingid: offerings.ok.serviceoffering[0].id,
    templateid: templates.ok.template[0].id,
  };
}, 60_000);

afterEach(() => sim?.faults.clear());

afterAll(async () => {
  await sim?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('Debian cs against the CloudStack simulator', { timeout: 60_000 }, () => {
  it('has the peer installed', async () => {
    expect(existsSync(CLOUDSTACK_CLI), MISSING_PEER).toBe(true);
    const { code } = await run(PYTHON, ['-c', 'import cs']);
    expect(code, MISSING_PEER).toBe(0);
  });

  describe('(a) lists with paging', () => {
    it('library: fetch_list over small pages collects every VM, one request per page', async () => {
      const requests = countRequests('listVirtualMachines');
      const [all] = await library([
        { command: 'listVirtualMachines', params: { fetch_list: true, pagesize: 5 } },
      ]);
      expect(all.ok).toHaveLength(23);
      expect(new Set(all.ok.map((vm: Json) => vm.id)).size).toBe(23);
      expect(requests.count).toBe(5); // cs pages one by one and stops once it holds `count` items
    });

    it('library over POST: a single page with count = total', async () => {
      const [page] = await library(
        [{ command: 'listVirtualMachines', params: { page: 2, pagesize: 10 } }],
        'post',
      );
      expect(page.ok.count).toBe(23);
      expect(page.ok.virtualmachine).toHaveLength(10);
    });

    it('command line: fetch_list=true pages and prints the whole list', async () => {
      const { code, stdout, stderr } = await cli('listVirtualMachines', 'fetch_list=true', 'pagesize=4');
      expect(code, stderr).toBe(0);
      const vms = JSON.parse(stdout);
      expect(vms).toHaveLength(23);
      expect(vms[0]).toMatchObject({ state: 'Running', zonename: 'Sandbox-simulator' });
    });

    it('command line over POST (--post)', async () => {
      const { code, stdout, stderr } = await cli('--post', 'listVirtualMachines', 'page=3', 'pagesize=10');
      expect(code, stderr).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ count: 23, virtualmachine: { length: 3 } });
    });
  });

  describe('injected faults', () => {
    it('a dropped connection is retried by cs for list commands (CLOUDSTACK_RETRY)', async () => {
      const drop = sim.faults.add({ kind: 'drop', times: 1, when: (r) => commandOf(r) === 'listZones' });
      const { code, stdout, stderr } = await cliWith({ CLOUDSTACK_RETRY: '1' }, 'listZones');
      expect(code, stderr).toBe(0);
      expect(JSON.parse(stdout).zone).toHaveLength(1);
      expect(drop.injected).toBe(1);
    });

    it('an injected 503 is an error of the command line (exit 1)', async () => {
      const error = sim.faults.add({ kind: 'error', status: 503, times: 1 });
      const { code, stderr } = await cli('listZones');
      expect(code).toBe(1);
      expect(stderr).toContain('CloudStack error: HTTP 503');
      expect(error.injected).toBe(1);
    });
  });

  describe('(b) an async deploy that succeeds', () => {
    it('library: fetch_result polls queryAsyncJobResult and returns the job result', async () => {
      const polls = countRequests('queryAsyncJobResult');
      const [deployed] = await library([
        { command: 'deployVirtualMachine', params: { ...ids, name: 'py-web', fetch_result: true } },
      ]);
      expect(deployed.ok.virtualmachine).toMatchObject({
        name: 'py-web',
        state: 'Running',
        zoneid: ids.zoneid,
      });
      expect(polls.count).toBeGreaterThanOrEqual(1);
    });

    it('library without fetch_result: the submission answer with id and jobid', async () => {
      const [submitted] = await library([
        { command: 'deployVirtualMachine', params: { ...ids, name: 'py-async' } },
      ]);
      expect(Object.keys(submitted.ok).sort()).toEqual(['id', 'jobid']);
    });

    it('command line: deploys, waits for the job and prints the VM', async () => {
      const { code, stdout, stderr } = await cli(
        'deployVirtualMachine',
        `zoneid=${ids.zoneid}`,
        `serviceofferingid=${ids.serviceofferingid}`,
        `templateid=${ids.templateid}`,
        'name=cli-web',
      );
      expect(code, stderr).toBe(0);
      expect(JSON.parse(stdout).virtualmachine).toMatchObject({ name: 'cli-web', state: 'Running' });
    });
  });

  describe('(c) a failing job', () => {
    const name = `${FAILING_VM_NAME_PREFIX}py`;

    it('library: raises CloudStackApiException("Job failure") with the job error', async () => {
      const [failed] = await library([
        { command: 'deployVirtualMachine', params: { ...ids, name, fetch_result: true } },
      ]);
      expect(failed.error).toBe('Job failure');
      expect(failed.body).toEqual({
        errorcode: 533,
        errortext: expect.stringMatching(/^Unable to create a deployment for VM\[User\|i-2-\d+-VM\]$/),
      });
    });

    it('command line: exits 1 with "CloudStack error: Job failure"', async () => {
      const { code, stderr, stdout } = await cli(
        'deployVirtualMachine',
        `zoneid=${ids.zoneid}`,
        `serviceofferingid=${ids.serviceofferingid}`,
        `templateid=${ids.templateid}`,
        `name=${name}-cli`,
      );
      expect(code).toBe(1);
      expect(stderr).toContain('CloudStack error: Job failure');
      // It then prints the last answer it received: the failed job.
      expect(JSON.parse(stdout).queryasyncjobresultresponse).toMatchObject({
        jobstatus: 2,
        jobresultcode: 533,
        jobresult: { errorcode: 533 },
      });
    });

    it('command line: an unknown command is the server error 432 and exit 1', async () => {
      const { code, stdout } = await cli('frobnicateEverything');
      expect(code).toBe(1);
      expect(JSON.parse(stdout)).toMatchObject({ errorresponse: { errorcode: 432, cserrorcode: 9999 } });
    });
  });

  describe('(d) awkward parameter values', () => {
    it('library: spaces, unicode, * and a tags[i].key/value map are signed as the server checks them', async () => {
      const [vms] = await library([{ command: 'listVirtualMachines', params: { name: 'seed-vm-1' } }]);
      const vmId = vms.ok.virtualmachine[0].id;
      const [keyword, tagged, listed] = await library([
        { command: 'listVirtualMachines', params: { keyword: 'séèd vm * 😀' } },
        {
          command: 'createTags',
          params: {
            resourcetype: 'UserVm',
            resourceids: vmId,
            tags: [
              { key: 'owner', value: 'Zoë & Ann' },
              { key: 'note', value: 'a+b=c/d?' },
            ],
            fetch_result: true,
          },
        },
        { command: 'listTags', params: { resourceid: vmId } },
      ]);
      expect(keyword).toEqual({ ok: {} });
      expect(tagged).toEqual({ ok: { success: true } });
      expect(listed.ok.tag.map((t: Json) => [t.key, t.value])).toEqual([
        ['owner', 'Zoë & Ann'],
        ['note', 'a+b=c/d?'],
      ]);
    });

    it('command line: a map typed as flattened names, values with spaces', async () => {
      const [vms] = await library([{ command: 'listVirtualMachines', params: { name: 'seed-vm-2' } }]);
      const vmId = vms.ok.virtualmachine[0].id;
      const { code, stderr } = await cli(
        'createTags',
        'resourcetype=UserVm',
        `resourceids=${vmId}`,
        'tags[0].key=team',
        'tags[0].value=blue green',
      );
      expect(code, stderr).toBe(0);
      const [listed] = await library([{ command: 'listTags', params: { resourceid: vmId } }]);
      expect(listed.ok.tag).toMatchObject([{ key: 'team', value: 'blue green' }]);
    });

    it('a ~ in a value: cs signs it unencoded, the server (and so the simulator) answers 401', async () => {
      const [tilde] = await library([{ command: 'listVirtualMachines', params: { keyword: 'a~b' } }]);
      expect(tilde).toEqual({
        error: 'HTTP 401 response from CloudStack',
        status: 401,
        body: {
          uuidList: [],
          errorcode: 401,
          errortext: 'unable to verify user credentials and/or request signature',
        },
      });
      const cliTilde = await cli('listVirtualMachines', 'keyword=a~b');
      expect(cliTilde.code).toBe(1);
      expect(cliTilde.stderr).toContain('HTTP 401 response from CloudStack');
      // A signer that follows Java's URLEncoder (~ → %7E), as the runtime's does, is accepted.
      const signed = signCloudStack({
        command: 'listVirtualMachines',
        params: { keyword: 'a~b' },
        apiKey: sim.account.apiKey,
        secret: sim.account.secret,
      });
      const response = await fetch(`${sim.endpoint}?${signed.queryString}`);
      expect(response.status).toBe(200);
    });
  });
});
