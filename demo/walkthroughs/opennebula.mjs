// The OpenNebula walk-through (packages/opennebula/README.md) against the OpenNebula simulator:
// hosts, template updates (text and XML), a template with two DISK vectors, instantiate, wait for
// RUNNING with the constants, pools, call options after the last argument, terminate, and the
// errors (oned's class and the runtime's kind) for a missing VM and a wrong session.
import {
  AuthError,
  HOST_STATES,
  LCM_STATE,
  NotFoundError,
  OneAuthenticationError,
  OneNoExistsError,
  OneServer,
  VM_STATE,
  waitFor,
} from '@overcast/opennebula';
import { startOpenNebulaSimulator } from '@overcast/simulators';

export const title = 'OpenNebula: typed XML-RPC methods, templates as objects, states, errors';

export async function run(print) {
  const sim = await startOpenNebulaSimulator({ transitionMs: 20 });
  const one = new OneServer(sim.endpoint, { session: sim.session });
  try {
    const hostId = await one.host.allocate('node1', 'kvm', 'kvm', -1);
    print(`one.host.allocate('node1', 'kvm', 'kvm', -1) → ${hostId}`);
    const pool = await one.hostpool.info();
    print(
      `one.hostpool.info() → HOST[0].ID ${pool.HOST[0]?.ID} (${typeof pool.HOST[0]?.ID}), ${pool.HOST.length} host(s)`,
    );
    await one.host.update(hostId, { LABELS: 'HD' }, 1);
    const host = await one.host.info(hostId);
    print(
      `one.host.update(0, { LABELS: 'HD' }, 1); host.TEMPLATE → ARCH ${host.TEMPLATE.ARCH}, LABELS ${host.TEMPLATE.LABELS}`,
    );
    const state = await waitFor(async () => (await one.host.info(hostId)).STATE, {
      until: (s) => s === HOST_STATES.MONITORED,
      interval: 20,
      timeout: 10_000,
    });
    print(`waitFor(host STATE === HOST_STATES.MONITORED) → ${state}`);

    const markets = await one.marketpool.info();
    print(`one.marketpool.info() → ${markets.MARKETPLACE.map((m) => m.NAME).join(', ')}`);

    const os = await one.image.allocate({ NAME: 'os', SIZE: 1024, TYPE: 'DATABLOCK' }, 1);
    const data = await one.image.allocate({ NAME: 'data', SIZE: 2048, TYPE: 'DATABLOCK' }, 1);
    const templateId = await one.template.allocate({
      NAME: 'web',
      CPU: 1,
      MEMORY: 1024,
      DISK: [{ IMAGE_ID: os }, { IMAGE_ID: data }],
    });
    const template = await one.template.info(templateId);
    print(
      `one.template.allocate({ …, DISK: [{ IMAGE_ID: ${os} }, { IMAGE_ID: ${data} }] }) → ${templateId}; DISK ${JSON.stringify(template.TEMPLATE.DISK)}`,
    );
    await one.template.update(templateId, { ...template.TEMPLATE, MEMORY: '2048' }, 0);
    print(
      `one.template.update(${templateId}, { …TEMPLATE, MEMORY: '2048' }, 0) → MEMORY ${(await one.template.info(templateId)).TEMPLATE.MEMORY}`,
    );
    const templates = await one.templatepool.info(-1, -1, -1);
    print(`one.templatepool.info(-1, -1, -1) → ${templates.VMTEMPLATE.map((t) => t.NAME).join(', ')}`);

    const vmId = await one.template.instantiate(templateId, 'my_VM');
    print(`one.template.instantiate(${templateId}, 'my_VM') → ${vmId}`);
    const vm = await waitFor(() => one.vm.info(vmId), {
      until: (v) => v.STATE === VM_STATE.ACTIVE && v.LCM_STATE === LCM_STATE.RUNNING,
      interval: 20,
      timeout: 10_000,
    });
    print(`waitFor(VM_STATE.ACTIVE / LCM_STATE.RUNNING) → ${vm.STATE}/${vm.LCM_STATE}`);
    await one.vm.update(vmId, { TEMPLATE: { NAME: 'abc', MEMORY: '1024' } }, 1);
    print(
      `one.vm.update(${vmId}, { TEMPLATE: { … } }, 1) → USER_TEMPLATE ${JSON.stringify((await one.vm.info(vmId)).USER_TEMPLATE)}`,
    );
    const vms = await one.vmpool.info(-1, -1, -1, -1, { timeout: 10_000, retry: 2 });
    print(
      `one.vmpool.info(-1, -1, -1, -1, { timeout: 10_000, retry: 2 }) → ${vms.VM.map((v) => `${v.ID}:${v.NAME}`).join(', ')}`,
    );
    await one.vm.action('terminate', vmId);
    print(`one.vm.action('terminate', ${vmId}) → done`);

    const missing = await one.vm.info(999).catch((error) => error);
    if (!(missing instanceof OneNoExistsError) || !(missing instanceof NotFoundError))
      throw new Error(`expected OneNoExistsError, a NotFoundError, got ${missing}`);
    print(`one.vm.info(999) → ${missing.name} (code 0x${missing.code.toString(16)}), a NotFoundError`);
    const intruder = new OneServer(sim.endpoint, { session: 'oneadmin:wrong' });
    const denied = await intruder.vm.info(0).catch((error) => error);
    await intruder.close();
    if (!(denied instanceof OneAuthenticationError) || !(denied instanceof AuthError))
      throw new Error(`expected OneAuthenticationError, an AuthError, got ${denied}`);
    print(`wrong session → ${denied.name} (code 0x${denied.code.toString(16)}), an AuthError`);
  } finally {
    await one.close();
    await sim.close();
  }
}
