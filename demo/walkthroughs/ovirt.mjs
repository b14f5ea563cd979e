// The oVirt walk-through (packages/ovirt/README.md) against the oVirt simulator: SSO, list with
// search and max, add from a template, wait, start, rename, follow a link, remove, and the errors
// for a missing VM, a VM already running and a wrong password. Model parameters come first, call
// options (timeout, signal, headers, query, retry) last; every error answer is an OvirtError and its kind.
import { AuthError, ConflictError, Connection, NotFoundError, OvirtError, types } from '@overcast/ovirt';
import { startOvirtSimulator } from '@overcast/simulators';

export const title = 'oVirt: SSO, services tree, actions, waitFor, links, faults';

export async function run(print) {
  const sim = await startOvirtSimulator({ stepMs: 20 });
  const { username, password } = sim.user;
  const connection = new Connection({ url: sim.apiUrl, username, password, retry: 2 });
  try {
    print(
      `new Connection({ url: ${sim.apiUrl}, retry: 2 }) → SSO password grant on first use; reads retried`,
    );
    const vmsService = connection.systemService().vmsService();
    const vms = await vmsService.list({ search: 'name=web*', max: 10 }, { timeout: 30_000 });
    print(
      `vmsService.list({ search: 'name=web*', max: 10 }, { timeout: 30_000 }) → ${vms.map((vm) => `${vm.name} (${vm.status})`).join(', ')}`,
    );

    const vm = await vmsService.add({
      name: 'myvm',
      cluster: { name: 'Default' },
      template: { name: 'Blank' },
    });
    print(`vmsService.add({ name: 'myvm', template: Blank }) → id ${vm.id}, status ${vm.status}`);
    const vmService = vmsService.vmService(String(vm.id));
    const down = await vmService.waitFor(types.VmStatus.DOWN, { timeout: 30_000, interval: 20 });
    print(`vmService.waitFor(DOWN) → ${down.status}`);

    await vmService.start();
    const up = await vmService.waitFor(types.VmStatus.UP, { timeout: 30_000, interval: 20 });
    print(`vmService.start(); waitFor(UP) → ${up.status}`);
    const again = await vmService.start().catch((error) => error);
    if (!(again instanceof ConflictError && again instanceof OvirtError))
      throw new Error(`expected ConflictError, got ${again}`);
    print(
      `vmService.start() again → ConflictError (${again.status}, ${again.method}): ${again.serverMessage}`,
    );

    const renamed = await vmService.update({ name: 'myvm-renamed' });
    print(`vmService.update({ name }) → ${renamed.name}`);

    const attachments = await connection.followLink(vm.diskAttachments);
    const cluster = await connection.followLink(up.cluster);
    print(
      `followLink(vm.diskAttachments) → ${attachments.length} item(s); followLink(vm.cluster) → ${cluster.name}`,
    );

    await vmService.stop();
    await vmService.waitFor(types.VmStatus.DOWN, { timeout: 30_000, interval: 20 });
    await vmService.remove();
    print('vmService.stop(); waitFor(DOWN); remove() → done');
    const missing = await vmService.get().catch((error) => error);
    if (!(missing instanceof NotFoundError)) throw new Error(`expected NotFoundError, got ${missing}`);
    print(`vmService.get() on the removed VM → NotFoundError: ${missing.message}`);
  } finally {
    await connection.close();
    print('connection.close() → token revoked');
  }
  const wrong = new Connection({ url: sim.apiUrl, username, password: `${password}-wrong` });
  try {
    const failure = await wrong
      .systemService()
      .get()
      .catch((error) => error);
    if (!(failure instanceof AuthError)) throw new Error(`expected AuthError, got ${failure}`);
    print(`wrong password → AuthError: ${failure.message}`);
  } finally {
    await wrong.close();
    await sim.close();
  }
}
