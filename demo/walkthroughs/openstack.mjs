// The OpenStack walk-through (packages/openstack/README.md) against the OpenStack simulator:
// connect from a clouds.yaml, Keystone's token and catalog with version discovery, lists over every
// page, a server created and waited for, an image streamed up and down, a raw call with a
// microversion, the cloud layer (names resolved, wait, floating IP), and errors by kind.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthError,
  ConflictError,
  Connection,
  connect,
  HttpError,
  NotFoundError,
  ResourceFailure,
} from '@overcast/openstack';
import { startOpenStackSimulator } from '@overcast/simulators';

export const title =
  'OpenStack: clouds.yaml, Keystone, catalog, proxies, pages, waits, images, raw layer, cloud layer';

export async function run(print) {
  const sim = await startOpenStackSimulator({ transitionMs: 20, seed: { servers: 2500 } });
  const work = mkdtempSync(join(tmpdir(), 'openstack-demo-'));
  writeFileSync(join(work, 'clouds.yaml'), sim.cloudsYaml('demo'));
  const conn = await connect({ cloud: 'demo', configFiles: [join(work, 'clouds.yaml')], retry: 2 });
  try {
    const access = await conn.access();
    print(
      `connect({ cloud: 'demo' }) → ${access.user.name} on project ${access.project.name}, ${conn.regionName}`,
    );
    print(
      `catalog + discovery → compute ${await conn.compute.endpoint()} (microversion ${await conn.compute.microversion()}), ` +
        `image ${await conn.image.endpoint()}, block storage ${await conn.blockStorage.endpoint()}`,
    );

    const started = performance.now();
    let count = 0;
    for await (const _ of conn.compute.servers({ limit: 1000 })) count++;
    print(
      `for await (… of conn.compute.servers({ limit: 1000 })) → ${count} servers in ${Math.round(performance.now() - started)} ms`,
    );

    const projects = [];
    for await (const project of conn.identity.projects()) projects.push(project.name);
    print(`conn.identity.projects() → ${projects.join(', ')}`);

    const image = await conn.image.findImage('cirros-0.6.2-x86_64-disk');
    const flavor = await conn.compute.findFlavor('m1.tiny');
    const network = await conn.network.findNetwork('private');
    const created = await conn.compute.createServer({
      name: 'demo-1',
      imageRef: image.id,
      flavorRef: flavor.id,
      networks: [{ uuid: network.id }],
    });
    const server = await conn.compute.waitForServer(created, { interval: 50 });
    print(`compute.createServer + waitForServer → ${server.name} ${server.status}`);

    const disk = join(work, 'disk.raw');
    writeFileSync(disk, Buffer.alloc(4 * 1024 * 1024, 7));
    const uploaded = await conn.createImage({ name: 'demo-disk', filename: disk, wait: true, interval: 50 });
    print(
      `createImage({ filename }) → ${uploaded.name} ${uploaded.status}, ${uploaded.size} bytes streamed up`,
    );
    const copy = await conn.downloadImage('demo-disk', { filename: join(work, 'copy.raw') });
    print(`downloadImage → ${copy.bytes} bytes streamed down, MD5 checked`);

    const raw = await conn.compute.get(`/servers/${server.id}`, { microversion: '2.79' });
    print(
      `compute.get('/servers/…', { microversion: '2.79' }) → ${raw.status}, ${raw.headers['openstack-api-version']}`,
    );

    const web = await conn.createServer({
      name: 'demo-2',
      image: 'cirros-0.6.2-x86_64-disk',
      flavor: 'm1.tiny',
      network: 'private',
      wait: true,
      interval: 50,
    });
    const addresses = Object.values(web.addresses ?? {})
      .flat()
      .map((a) => `${a.addr} (${a['OS-EXT-IPS:type']})`);
    print(
      `createServer({ image: 'cirros…', flavor: 'm1.tiny', wait: true }) → ${web.status}, ${addresses.join(', ')}`,
    );

    const missing = await conn.compute.getServer('no-such-server').catch((error) => error);
    if (!(missing instanceof NotFoundError && missing instanceof HttpError))
      throw new Error(`expected NotFoundError, got ${missing}`);
    print(
      `getServer('no-such-server') → NotFoundError ${missing.status} ${missing.code}: ${missing.serverMessage}`,
    );
    const conflict = await conn.compute.startServer(server.id).catch((error) => error);
    if (!(conflict instanceof ConflictError)) throw new Error(`expected ConflictError, got ${conflict}`);
    print(`startServer(active) → ConflictError ${conflict.status}: ${conflict.serverMessage}`);
    const doomed = await conn.compute.createServer({
      name: 'fail-demo',
      imageRef: image.id,
      flavorRef: flavor.id,
      networks: 'none',
    });
    const failed = await conn.compute.waitForServer(doomed, { interval: 50 }).catch((error) => error);
    if (!(failed instanceof ResourceFailure)) throw new Error(`expected ResourceFailure, got ${failed}`);
    print(`waitForServer(fail-demo) → ResourceFailure ${failed.resourceStatus}: ${failed.serverMessage}`);

    for (const name of ['demo-1', 'demo-2', 'fail-demo'])
      await conn.deleteServer(name, { wait: true, interval: 50 });
    await conn.image.deleteImage(uploaded.id);
    print('deleteServer(…, { wait: true }) ×3, image.deleteImage → done');
  } finally {
    await conn.close();
  }
  const wrong = new Connection({
    auth: { authUrl: sim.authUrl, ...sim.credentials, password: `${sim.credentials.password}-wrong` },
  });
  try {
    const failure = await wrong.authorize().catch((error) => error);
    if (!(failure instanceof AuthError)) throw new Error(`expected AuthError, got ${failure}`);
    print(`wrong password → AuthError ${failure.status}: ${failure.serverMessage}`);
  } finally {
    await wrong.close();
    await sim.close();
    rmSync(work, { recursive: true, force: true });
  }
}
