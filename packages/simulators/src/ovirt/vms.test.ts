import { childElements } from '@overcast/runtime/xml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, faultOf, field, linkHref, signIn, waitForStatus, xmlOf } from './client.test-helper.js';
import { type RunningOvirtSimulator, startOvirtSimulator } from './simulator.js';

let sim: RunningOvirtSimulator;
let token: string;

beforeAll(async () => {
  sim = await startOvirtSimulator({ stepMs: 5 });
  token = await signIn(sim);
});
beforeEach(() => sim.reset());
afterAll(() => sim.close());

const get = (path: string, query?: Record<string, string>) => call(sim, token, 'GET', path, undefined, query);
const names = async (query: Record<string, string>) =>
  childElements(xmlOf(await get('/vms', query)), 'vm').map((vm) => field(vm, 'name'));

async function addVm(name: string, template = '<template><name>tiny</name></template>') {
  const body = `<vm><name>${name}</name><cluster><name>Default</name></cluster>${template}</vm>`;
  return call(sim, token, 'POST', '/vms', body);
}

describe('listing VMs', () => {
  it('lists the seed VMs as <vms><vm href id> with links and references', async () => {
    const list = xmlOf(await get('/vms'));
    expect(list.name).toBe('vms');
    const [vm] = childElements(list, 'vm');
    expect(vm?.attributes.href).toBe(`/ovirt-engine/api/vms/${vm?.attributes.id}`);
    expect(field(vm ?? list, 'name')).toBe('web01');
    expect(field(vm ?? list, 'status')).toBe('down');
    expect(linkHref(vm ?? list, 'nics')).toBe(`${vm?.attributes.href}/nics`);
    const cluster = childElements(vm ?? list, 'cluster')[0];
    expect(field(xmlOf(await get(cluster?.attributes.href ?? '')), 'name')).toBe('Default');
    const actions = childElements(childElements(vm ?? list, 'actions')[0] ?? list, 'link');
    expect(actions.map((link) => link.attributes.rel)).toEqual(['shutdown', 'start', 'stop', 'suspend']);
  });

  it('filters with search: exact names, prefixes, and/or, case_sensitive', async () => {
    expect(await names({ search: 'name=web01' })).toEqual(['web01']);
    expect(await names({ search: 'name=*01' })).toEqual(['web01', 'db01']);
    expect(await names({ search: 'name=db*' })).toEqual(['db01']);
    expect(await names({ search: 'name=web* or name=db*' })).toEqual(['web01', 'db01']);
    expect(await names({ search: 'name=web* and status=up' })).toEqual([]);
    expect(await names({ search: 'name!=web01 and cluster=Default' })).toEqual(['db01']);
    expect(await names({ search: 'name=WEB01' })).toEqual([]);
    expect(await names({ search: 'name=WEB01', case_sensitive: 'false' })).toEqual(['web01']);
  });

  it('cuts the list with max, after searching', async () => {
    expect(await names({ max: '1' })).toEqual(['web01']);
    expect(await names({ max: '1', search: 'name=db*' })).toEqual(['db01']);
    expect(await names({ max: '-1' })).toHaveLength(2);
  });

  it('answers a bad max or search with a 400 fault', async () => {
    const badMax = await get('/vms', { max: 'ten' });
    expect(badMax.status).toBe(400);
    expect(faultOf(badMax)[1]).toContain("'ten'");
    const badField = await get('/vms', { search: 'colour=blue' });
    expect(badField.status).toBe(400);
    expect(faultOf(badField)[1]).toContain("unknown field 'colour'");
  });

  it('searches the other collections too', async () => {
    const templates = childElements(xmlOf(await get('/templates', { search: 'name=B*' })), 'template');
    expect(templates.map((t) => t.attributes.id)).toEqual(['00000000-0000-0000-0000-000000000000']);
    expect(childElements(xmlOf(await get('/hosts', { search: 'name=host1' })), 'host')).toHaveLength(1);
    expect(xmlOf(await get('/datacenters')).name).toBe('data_centers');
    expect(xmlOf(await get('/jobs', { search: 'status=finished' })).name).toBe('jobs');
  });

  it('ignores search on lists that do not take it, as the engine ignores unknown parameters', async () => {
    const [web] = childElements(xmlOf(await get('/vms', { search: 'name=web01' })), 'vm');
    const nics = xmlOf(await get(`${web?.attributes.href}/nics`, { search: 'name=none' }));
    expect(childElements(nics, 'nic').map((nic) => field(nic, 'name'))).toEqual(['nic1']);
  });
});

describe('follow', () => {
  it('writes followed lists and objects in full instead of links and references', async () => {
    const query = { search: 'name=web01', follow: 'disk_attachments.disk,nics,cluster' };
    const [vm] = childElements(xmlOf(await get('/vms', query)), 'vm');
    if (vm === undefined) throw new Error('web01 missing');
    expect(childElements(vm, 'link').map((link) => link.attributes.rel)).toEqual([]);
    const attachment = childElements(childElements(vm, 'disk_attachments')[0] ?? vm, 'disk_attachment')[0];
    expect(field(attachment ?? vm, 'disk', 'name')).toBe('web01_Disk1');
    expect(field(vm, 'nics', 'nic', 'name')).toBe('nic1');
    expect(field(vm, 'cluster', 'name')).toBe('Default');
    const single = xmlOf(await get(`/vms/${vm.attributes.id}`, { follow: 'nics' }));
    expect(field(single, 'nics', 'nic', 'name')).toBe('nic1');
    expect(linkHref(single, 'diskattachments')).toBe(`${vm.attributes.href}/diskattachments`);
  });

  it('answers a path VMs cannot follow with a 400 fault', async () => {
    const answer = await get('/vms', { follow: 'snapshots' });
    expect(answer.status).toBe(400);
    expect(faultOf(answer)[1]).toMatch(/^\[Cannot follow 'snapshots'/);
  });
});

describe('adding, reading, updating and removing VMs', () => {
  it('adds a VM from a template: 201, image_locked, then down, with copies of its devices', async () => {
    const answer = await addVm('app01');
    expect(answer.status).toBe(201);
    const vm = xmlOf(answer);
    const id = vm.attributes.id ?? '';
    expect(answer.headers.get('location')).toBe(`/ovirt-engine/api/vms/${id}`);
    expect(field(vm, 'status')).toBe('image_locked');
    expect(field(vm, 'memory')).toBe(String(512 * 1024 ** 2));
    await waitForStatus(sim, token, id, 'down');

    const attachments = xmlOf(await get(linkHref(vm, 'diskattachments')));
    expect(attachments.name).toBe('disk_attachments');
    const [attachment] = childElements(attachments, 'disk_attachment');
    expect(field(attachment ?? attachments, 'bootable')).toBe('true');
    const diskRef = childElements(attachment ?? attachments, 'disk')[0];
    expect(diskRef?.attributes.id).toBe(attachment?.attributes.id);
    const disk = xmlOf(await get(diskRef?.attributes.href ?? ''));
    expect([field(disk, 'name'), field(disk, 'provisioned_size')]).toEqual([
      'app01_Disk1',
      String(1024 ** 3),
    ]);
    const nics = childElements(xmlOf(await get(linkHref(vm, 'nics'))), 'nic');
    expect(nics.map((nic) => field(nic, 'name'))).toEqual(['nic1']);

    const jobs = childElements(xmlOf(await get('/jobs')), 'job');
    const job = jobs.find((j) => field(j, 'description') === 'Creating VM app01 from Template tiny');
    expect(field(job ?? attachments, 'status')).toBe('finished');
  });

  it('adds from the Blank template by id, and takes memory and cores from the body', async () => {
    const answer = await call(
      sim,
      token,
      'POST',
      '/vms',
      `<vm><name>empty</name><memory>2147483648</memory><cpu><topology><cores>4</cores></topology></cpu>
        <cluster><name>Default</name></cluster><template id="00000000-0000-0000-0000-000000000000"/></vm>`,
    );
    expect(answer.status).toBe(201);
    const vm = xmlOf(answer);
    expect([field(vm, 'memory'), field(vm, 'cpu', 'topology', 'cores')]).toEqual(['2147483648', '4']);
    expect(childElements(vm, 'template')[0]?.attributes.id).toBe('00000000-0000-0000-0000-000000000000');
    expect(childElements(xmlOf(await get(linkHref(vm, 'diskattachments'))), 'disk_attachment')).toEqual([]);
  });

  it('answers bad add requests with the engine faults', async () => {
    const noName = await call(sim, token, 'POST', '/vms', '<vm><cluster><name>Default</name></cluster></vm>');
    expect(noName.status).toBe(400);
    expect(faultOf(noName)).toEqual([
      'Incomplete parameters',
      'Vm [name, template.id|name] required for add',
    ]);
    const taken = await addVm('web01');
    expect(taken.status).toBe(409);
    expect(faultOf(taken)[1]).toContain('The VM name is already in use');
    const noCluster = await call(
      sim,
      token,
      'POST',
      '/vms',
      '<vm><name>x</name><cluster><name>nope</name></cluster><template><name>tiny</name></template></vm>',
    );
    expect(noCluster.status).toBe(404);
    expect(faultOf(noCluster)).toEqual(['Operation Failed', 'Entity not found: Cluster: name=nope']);
    const malformed = await call(sim, token, 'POST', '/vms', '<vm><name>x</vm>');
    expect(malformed.status).toBe(400);
    expect(faultOf(malformed)[1]).toMatch(/not well-formed XML/);
    const doctype = await call(
      sim,
      token,
      'POST',
      '/vms',
      '<!DOCTYPE vm [<!ENTITY x "y">]><vm><name>&x;</name></vm>',
    );
    expect(doctype.status).toBe(400);
    const badMemory = await call(
      sim,
      token,
      'POST',
      '/vms',
      '<vm><name>m</name><memory>lots</memory><cluster><name>Default</name></cluster><template><name>tiny</name></template></vm>',
    );
    expect(faultOf(badMemory)[1]).toBe("Value 'lots' of 'memory' isn't a valid integer.");
  });

  it('answers an unknown VM with a 404 fault', async () => {
    const answer = await get('/vms/123');
    expect(answer.status).toBe(404);
    expect(faultOf(answer)).toEqual(['Operation Failed', 'Entity not found: 123']);
    expect((await get('/vms/123/nics')).status).toBe(404);
  });

  it('updates only what the body names', async () => {
    const [web] = childElements(xmlOf(await get('/vms', { search: 'name=web01' })), 'vm');
    const href = web?.attributes.href ?? '';
    const answer = await call(sim, token, 'PUT', href, '<vm><name>web02</name></vm>');
    expect(answer.status).toBe(200);
    const vm = xmlOf(answer);
    expect([field(vm, 'name'), field(vm, 'memory')]).toEqual(['web02', field(web ?? vm, 'memory')]);
    expect(field(xmlOf(await get(href)), 'name')).toBe('web02');
    const taken = await call(sim, token, 'PUT', href, '<vm><name>db01</name></vm>');
    expect(taken.status).toBe(409);
  });

  it('removes a down VM with its devices; the VM is gone afterwards', async () => {
    const vm = xmlOf(await addVm('gone'));
    const id = vm.attributes.id ?? '';
    await waitForStatus(sim, token, id, 'down');
    const disks = childElements(xmlOf(await get('/disks')), 'disk').length;
    const removed = await call(sim, token, 'DELETE', `/vms/${id}`);
    expect([removed.status, removed.text]).toEqual([200, '']);
    expect((await get(`/vms/${id}`)).status).toBe(404);
    expect(childElements(xmlOf(await get('/disks')), 'disk')).toHaveLength(disks - 1);
  });
});

describe('power actions', () => {
  async function act(id: string, action: string) {
    return call(sim, token, 'POST', `/vms/${id}/${action}`, '<action/>');
  }

  it('starts, suspends, resumes and shuts down a VM through its intermediate statuses', async () => {
    const [web] = childElements(xmlOf(await get('/vms', { search: 'name=web01' })), 'vm');
    const id = web?.attributes.id ?? '';
    const started = xmlOf(await act(id, 'start'));
    expect(started.name).toBe('action');
    expect(field(started, 'status')).toBe('complete');
    expect(field(started, 'vm', 'status')).toBe('wait_for_launch');
    const job = childElements(started, 'job')[0];
    expect(field(xmlOf(await get(job?.attributes.href ?? '')), 'description')).toBe('Launching VM web01');
    await waitForStatus(sim, token, id, 'up');
    const running = xmlOf(await get(`/vms/${id}`));
    expect(childElements(running, 'host')).toHaveLength(1);
    expect(field(running, 'start_time')).not.toBe('');

    const again = await act(id, 'start');
    expect(again.status).toBe(409);
    expect(faultOf(again)).toEqual(['Operation Failed', '[Cannot run VM. VM is running.]']);
    const remove = await call(sim, token, 'DELETE', `/vms/${id}`);
    expect(faultOf(remove)[1]).toBe('[Cannot remove VM. VM is running.]');

    expect(field(xmlOf(await act(id, 'suspend')), 'vm', 'status')).toBe('saving_state');
    await waitForStatus(sim, token, id, 'suspended');
    expect(field(xmlOf(await act(id, 'start')), 'vm', 'status')).toBe('restoring_state');
    await waitForStatus(sim, token, id, 'up');
    expect(field(xmlOf(await act(id, 'shutdown')), 'vm', 'status')).toBe('powering_down');
    await waitForStatus(sim, token, id, 'down');
    expect(childElements(xmlOf(await get(`/vms/${id}`)), 'host')).toEqual([]);
  });

  it('stops a VM hard, and refuses actions its status does not allow', async () => {
    const [db] = childElements(xmlOf(await get('/vms', { search: 'name=db01' })), 'vm');
    const id = db?.attributes.id ?? '';
    expect(faultOf(await act(id, 'stop'))[1]).toBe('[Cannot stop VM. VM is not running.]');
    expect(faultOf(await act(id, 'suspend'))[1]).toBe('[Cannot suspend VM. VM is not up.]');
    expect((await call(sim, token, 'POST', `/vms/${id}/start`)).status).toBe(200); // no body is fine too
    expect(field(xmlOf(await act(id, 'stop')), 'vm', 'status')).toBe('powering_down');
    await waitForStatus(sim, token, id, 'down');
    expect((await call(sim, token, 'POST', `/vms/${id}/start`, '<vm/>')).status).toBe(400);
  });

  it('refuses power actions and removal while a new VM is locked', async () => {
    await using slow = await startOvirtSimulator({ stepMs: 600_000 }); // the lock outlives the test
    const slowToken = await signIn(slow);
    const body =
      '<vm><name>locked</name><cluster><name>Default</name></cluster><template><name>tiny</name></template></vm>';
    const id = xmlOf(await call(slow, slowToken, 'POST', '/vms', body)).attributes.id ?? '';
    const refused = await call(slow, slowToken, 'POST', `/vms/${id}/start`, '<action/>');
    expect(refused.status).toBe(409);
    expect(faultOf(refused)[1]).toBe(
      '[Cannot run VM. Related operation is currently in progress. Please try again later.]',
    );
    const remove = await call(slow, slowToken, 'DELETE', `/vms/${id}`);
    expect(faultOf(remove)[1]).toMatch(/^\[Cannot remove VM\. Related operation/);
  });
});

describe('VM devices', () => {
  it('attaches a new disk, adds and removes a NIC, detaches the disk', async () => {
    const [web] = childElements(xmlOf(await get('/vms', { search: 'name=web01' })), 'vm');
    const href = web?.attributes.href ?? '';
    const attached = await call(
      sim,
      token,
      'POST',
      `${href}/diskattachments`,
      '<disk_attachment><bootable>false</bootable><interface>virtio</interface><disk><name>data</name><provisioned_size>1048576</provisioned_size><format>raw</format></disk></disk_attachment>',
    );
    expect(attached.status).toBe(201);
    const diskId = xmlOf(attached).attributes.id ?? '';
    expect(field(xmlOf(await get(`/disks/${diskId}`)), 'format')).toBe('raw');
    expect(childElements(xmlOf(await get(`${href}/diskattachments`)), 'disk_attachment')).toHaveLength(2);
    const incomplete = await call(sim, token, 'POST', `${href}/diskattachments`, '<disk_attachment/>');
    expect(faultOf(incomplete)).toEqual([
      'Incomplete parameters',
      'DiskAttachment [interface, disk.id|provisioned_size] required for add',
    ]);

    const nic = xmlOf(await call(sim, token, 'POST', `${href}/nics`, '<nic><name>nic2</name></nic>'));
    expect(field(nic, 'mac', 'address')).toMatch(/^56:6f(:[0-9a-f]{2}){4}$/);
    expect((await call(sim, token, 'DELETE', nic.attributes.href ?? '')).status).toBe(200);
    expect((await get(nic.attributes.href ?? '')).status).toBe(404);

    expect((await call(sim, token, 'DELETE', `${href}/diskattachments/${diskId}`)).status).toBe(200);
    expect((await get(`/disks/${diskId}`)).status).toBe(200); // detached, not deleted
  });
});
