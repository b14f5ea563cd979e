/**
 * The EC2 simulator against a real client that is not ours: Debian's boto3/botocore
 * (python3-boto3, installed by scripts/system-deps.sh) runs the boto3 tutorial's flow
 * (python/boto3_flow.py) with a custom endpoint_url, with both signatures botocore can send to EC2
 * (SigV4, its default, and SigV2 through `Config(signature_version='v2')`) and both the model
 * version botocore picks (2016-11-15) and the pinned 2014-10-01. Without /usr/bin/python3 or
 * boto3 this test fails, saying so.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEc2Simulator, startEc2Simulator } from './simulator.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./python/boto3_flow.py', import.meta.url));
const execFileAsync = promisify(execFile);

const COMBINATIONS = [
  ['v4', 'default'],
  ['v2', 'default'],
  ['v4', '2014-10-01'],
  ['v2', '2014-10-01'],
] as const;

const sims: RunningEc2Simulator[] = [];

beforeAll(async () => {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: this interop test needs Debian's python3`);
  try {
    await execFileAsync(PYTHON, ['-c', 'import boto3, botocore']);
  } catch {
    throw new Error(
      "boto3 is missing: this interop test needs Debian's python3-boto3 (run scripts/system-deps.sh, or apt-get install -y --no-install-recommends python3-boto3)",
    );
  }
  for (const _ of COMBINATIONS) sims.push(await startEc2Simulator({ transitionMs: 50 }));
});
afterAll(() => Promise.all(sims.map((sim) => sim.close())));

describe('boto3 against the simulator', () => {
  it.concurrent.each(COMBINATIONS.map((combination, index) => [...combination, index] as const))(
    'runs the tutorial flow signed with %s, model %s',
    async (signature, apiVersion, index) => {
      const sim = sims[index] as RunningEc2Simulator;
      // Which signature each request carried, read by a rule that never injects anything.
      const schemes = new Set<string>();
      sim.faults.add({
        kind: 'latency',
        ms: 0,
        when: (request) => {
          const form = new URLSearchParams(request.text);
          if (form.get('SignatureVersion') === '2') schemes.add(`v2 ${form.get('SignatureMethod')}`);
          if (String(request.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256')) schemes.add('v4');
          if (form.get('Version')) schemes.add(`Version ${form.get('Version')}`);
          return false;
        },
      });
      const { accessKeyId, secretAccessKey, region } = sim.credentials;
      const { stdout } = await execFileAsync(
        PYTHON,
        [SCRIPT, sim.endpoint, accessKeyId, secretAccessKey, region, signature, apiVersion],
        { timeout: 120_000 },
      );
      const out = JSON.parse(stdout);
      expect(out.model).toBe(apiVersion === 'default' ? '2016-11-15' : '2014-10-01');
      expect(out).toMatchObject({
        regions: [['RegionOne', sim.endpoint]],
        zones: ['nova'],
        key: ['boto3-key', true, 47],
        keys: ['boto3-key'],
        image: ['cirros-0.6.2-x86_64-disk', 'available', true, true],
        run: [true, 2, ['pending', 'pending'], 'datetime'],
        running: [
          ['running', 16, 'boto3-key', 'm1.tiny', true],
          ['running', 16, 'boto3-key', 'm1.tiny', true],
        ],
        tagged: [true],
        pages: [2],
        stopped: 'stopped',
        terminate: [
          ['running', 'shutting-down'],
          ['stopped', 'shutting-down'],
        ],
        terminated: ['terminated', 'terminated'],
        missing: ['InvalidInstanceID.NotFound', 400],
        resource: ['running', 'm1.small', true],
        resource_terminated: 'terminated',
        wrong_secret: ['AuthFailure', 401],
      });
      expect([...schemes].sort()).toEqual(
        [
          signature === 'v4' ? 'v4' : 'v2 HmacSHA256',
          `Version ${apiVersion === 'default' ? '2016-11-15' : '2014-10-01'}`,
        ].sort(),
      );
      const sent = sim.requests.byOperation();
      expect(sent.RunInstances).toBe(2);
      expect(sent.TerminateInstances).toBe(2);
      expect(sent.DescribeInstances).toBeGreaterThanOrEqual(8);
    },
    150_000,
  );

  it("verifies botocore's presigned (X-Amz-* query form) URL under the aws rules, and refuses it as Keystone would", async () => {
    await using aws = await startEc2Simulator({ signatureRules: 'aws' });
    const keystone = sims[0] as RunningEc2Simulator;
    const presign = async (sim: RunningEc2Simulator) => {
      const { accessKeyId, secretAccessKey, region } = sim.credentials;
      const script = [
        'import sys, boto3',
        "c = boto3.client('ec2', endpoint_url=sys.argv[1], aws_access_key_id=sys.argv[2],",
        '                 aws_secret_access_key=sys.argv[3], region_name=sys.argv[4])',
        "print(c.generate_presigned_url('describe_regions', Params={}, ExpiresIn=300))",
      ].join('\n');
      const { stdout } = await execFileAsync(PYTHON, [
        '-c',
        script,
        sim.endpoint,
        accessKeyId,
        secretAccessKey,
        region,
      ]);
      return stdout.trim();
    };
    const url = await presign(aws);
    expect(url).toContain('X-Amz-Signature=');
    // botocore signs an EC2 presigned URL for the operation's method, POST (with an empty body).
    const accepted = await fetch(url, { method: 'POST' });
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toContain('<regionName>RegionOne</regionName>');
    const refused = await fetch(await presign(keystone), { method: 'POST' });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('<Code>AuthFailure</Code>');
  });
});
