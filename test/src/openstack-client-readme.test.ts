/**
 * The walk-through of packages/openstack/README.md (connect from clouds.yaml, list, create a server
 * and wait, upload and download an image, a raw call, the cloud layer, errors), checked as written:
 * it type-checks with the workspace's strict settings, runs against the OpenStack simulator with
 * its imports bound to the real modules, and prints exactly what the README says it prints.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sharedPath } from '@overcast/generator-core';
import * as openstack from '@overcast/openstack';
import * as simulators from '@overcast/simulators';
import { describe, expect, it } from 'vitest';
import { readme, typeErrors, walkthrough } from './support/readme.js';

const walk = walkthrough('openstack', {
  '@overcast/openstack': openstack,
  '@overcast/simulators': simulators,
  'node:fs': fs,
  'node:os': os,
  'node:path': path,
});

describe('the README walk-through of @overcast/openstack', () => {
  it('shows the contract of ARCHITECTURE §3 as it is', () => {
    const architecture = fs.readFileSync(sharedPath('design/ARCHITECTURE.md'), 'utf8');
    const contract = /### @overcast\/openstack[^\n]*\n```ts\n([\s\S]*?)```/.exec(architecture)?.[1];
    if (!contract) throw new Error('ARCHITECTURE.md has no @overcast/openstack block');
    expect(readme('openstack')).toContain(contract);
  });

  it('type-checks with the project’s strict settings', () => {
    expect(typeErrors(walk.source())).toEqual([]);
    // …and the check does catch a mistake:
    expect(
      typeErrors(
        "import { Connection } from '@overcast/openstack';\nconst n: number = (await new Connection({}).compute.getServer('x')).name;\n",
      ),
    ).toEqual([expect.stringMatching(/is not assignable to type 'number'/)]);
  }, 60_000);

  it('runs against the simulator and prints what the README says', async () => {
    expect(await walk.lines()).toEqual(walk.printed());
  }, 60_000);
});
