/**
 * The walk-through of packages/ec2/README.md (boto's EC2 tutorial, boto-style and then with the
 * generated client), checked as written: it type-checks with the workspace's strict settings, runs
 * against the EC2 simulator with its imports bound to the real modules, and prints exactly what the
 * README says it prints.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ec2 from '@overcast/ec2';
import * as simulators from '@overcast/simulators';
import { describe, expect, it } from 'vitest';
import { typeErrors, walkthrough } from './support/readme.js';

const walk = walkthrough('ec2', {
  '@overcast/ec2': ec2,
  '@overcast/simulators': simulators,
  'node:fs': fs,
  'node:os': os,
  'node:path': path,
});

describe('the README walk-through of @overcast/ec2', () => {
  it('type-checks with the project’s strict settings', () => {
    expect(typeErrors(walk.source())).toEqual([]);
    // …and the check does catch a mistake:
    expect(
      typeErrors(
        "import { EC2 } from '@overcast/ec2';\nconst n: number = (await new EC2({}).describeRegions({})).Regions ?? 0;\n",
      ),
    ).toEqual([expect.stringMatching(/is not assignable to type 'number'/)]);
  }, 60_000);

  it('runs against the simulator and prints what the README says', async () => {
    expect(await walk.lines()).toEqual(walk.printed());
  }, 60_000);
});
