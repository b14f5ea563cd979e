/**
 * The five pinned specs, read in place from ../shared: every operation gets a method, the names
 * openstacksdk users look for exist, and the API diff reports a field removed from image v2.16
 * (the second version is derived here, from the pinned one).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiDiff, formatDiff, moduleGeneratorLoader, sharedPath } from '@overcast/generator-core';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { generator } from './generator.js';
import type { OpenStackIr, ServiceIr } from './ir.js';
import { serviceModel } from './model.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const PINNED = sharedPath('schemas/openstack/2024-05-13');

const ir = (await generator.read(PINNED)) as OpenStackIr;

function service(type: string): ServiceIr {
  const found = ir.services.find((each) => each.type === type);
  if (!found) throw new Error(`no service ${type}`);
  return found;
}

/** Operations per spec (SOURCE.md's table). */
const SPEC_OPERATIONS: Record<string, number> = {
  compute: 205,
  identity: 361,
  image: 76,
  network: 348,
  'block-storage': 327,
};

describe('the pinned specs', () => {
  it.each(Object.entries(SPEC_OPERATIONS))('give every operation of %s a method', (type, count) => {
    const read = service(type);
    const spec = parse(readFileSync(join(PINNED, read.specFile), 'utf8')) as {
      paths: Record<string, object>;
    };
    const inSpec = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => ['get', 'head', 'post', 'put', 'patch', 'delete'].includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(inSpec).toHaveLength(count);
    const covered = new Set(
      read.operations.flatMap((op) => [
        `${op.method} ${op.specPath}`,
        ...(op.alsoAt ?? []).map((path) => `${op.method} ${read.versionPrefix}${path}`),
      ]),
    );
    expect(inSpec.filter((operation) => !covered.has(operation))).toEqual([]);
    // One method per operation (one per action of an action body), every name distinct.
    const model = serviceModel(read);
    expect(model.methods).toHaveLength(read.operations.length);
    expect(new Set(model.methods.map((method) => method.name)).size).toBe(model.methods.length);
  });

  it('name what openstacksdk users look for', () => {
    const names = (type: string) => serviceModel(service(type)).methods.map((method) => method.name);
    const finds = (type: string) => serviceModel(service(type)).finds.map((find) => find.name);
    expect(names('compute')).toEqual(
      expect.arrayContaining([
        'servers',
        'getServer',
        'createServer',
        'updateServer',
        'deleteServer',
        'startServer',
        'stopServer',
        'rebootServer',
        'flavors',
        'serverInterfaces',
      ]),
    );
    expect(finds('compute')).toEqual(expect.arrayContaining(['findServer', 'findFlavor']));
    expect(names('identity')).toEqual(
      expect.arrayContaining(['projects', 'users', 'roles', 'createProject']),
    );
    expect(names('image')).toEqual(
      expect.arrayContaining(['images', 'uploadImageFile', 'downloadImageFile']),
    );
    expect(finds('image')).toEqual(['findImage']);
    expect(names('network')).toEqual(expect.arrayContaining(['networks', 'subnets', 'ports', 'floatingips']));
    expect(names('block-storage')).toEqual(
      expect.arrayContaining(['volumes', 'extendVolume', 'createVolume']),
    );
  });

  it('read the next links openstacksdk follows', () => {
    const list = (type: string, path: string) =>
      service(type).operations.find((op) => op.method === 'GET' && op.path === path)?.list;
    expect(list('compute', '/servers/detail')).toEqual({ key: 'servers', nextLink: 'servers_links' });
    expect(list('image', '/images')).toEqual({ key: 'images', nextLink: 'next' });
    // Keystone's, Neutron's and Cinder's specs do not declare the links they answer (`links`,
    // `networks_links`, `volumes_links`): the client looks for them as openstacksdk does.
    expect(list('identity', '/projects')).toEqual({ key: 'projects' });
    expect(list('network', '/networks')).toEqual({ key: 'networks' });
    expect(list('block-storage', '/volumes/detail')).toEqual({ key: 'volumes' });
  });
});

describe('the API diff of openstack', () => {
  it('classifies a field removed from image v2.16 as breaking', async () => {
    const root = mkdtempSync(join(tmpdir(), 'openstack-diff-'));
    const derived = join(root, 'schemas', 'openstack', 'image-without-os_hidden');
    // The other files as pinned; image v2.16 without ImageShowResponse.os_hidden.
    for (const entry of readdirSync(PINNED, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const from = join(entry.parentPath, entry.name);
      const to = join(derived, from.slice(PINNED.length + 1));
      mkdirSync(dirname(to), { recursive: true });
      if (!to.endsWith(join('image', 'v2.16.yaml'))) {
        symlinkSync(from, to);
        continue;
      }
      const spec = parse(readFileSync(from, 'utf8'));
      const shown = spec.components.schemas.ImageShowResponse;
      expect(shown.properties.os_hidden).toBeDefined();
      delete shown.properties.os_hidden;
      writeFileSync(to, stringify(spec));
    }
    // What `npm run api-diff -- openstack 2024-05-13 image-without-os_hidden` runs, with the derived
    // folder in place of a pinned one.
    const result = await apiDiff({
      provider: 'openstack',
      from: '2024-05-13',
      to: 'image-without-os_hidden',
      rootDir: root,
      loadGenerator: moduleGeneratorLoader(REPO),
      schemas: { schemaDir: (_provider, version) => (version === '2024-05-13' ? PINNED : derived) },
    });
    const summary = [
      'openstack API 2024-05-13 → image-without-os_hidden: major (1 change)',
      '',
      'Breaking (major):',
      '- removed field `image.wire.ImageShowResponse.os_hidden`',
      '',
    ].join('\n');
    expect(formatDiff(result.diff)).toBe(summary);
    const changeset = join(root, '.changeset', 'openstack-api-2024-05-13-to-image-without-os_hidden.md');
    expect(result.changesetPath).toBe(changeset);
    expect(readFileSync(changeset, 'utf8')).toBe(`---\n"@overcast/openstack": major\n---\n\n${summary}`);
  });
});
