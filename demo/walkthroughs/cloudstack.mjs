// The CloudStack walk-through (packages/cloudstack/README.md) against the CloudStack simulator:
// a page of VMs, a security group opened to two CIDRs, an async deploy with and without waiting,
// fetch-all across pages, five VMs deployed at once and destroyed, a failing job's error, and
// errors by kind (an id naming nothing is a NotFoundError and a CloudStackApiError).
import { CloudStack, CloudStackApiError, NotFoundError } from '@overcast/cloudstack';
import { startCloudStackSimulator } from '@overcast/simulators';

export const title = 'CloudStack: signed calls, async jobs, concurrent paging, errors';

export async function run(print) {
  const sim = await startCloudStackSimulator({ seed: { virtualMachines: 1200 }, jobDuration: 20 });
  const cs = new CloudStack({
    endpoint: sim.endpoint,
    key: sim.account.apiKey,
    secret: sim.account.secret,
    pollInterval: 20,
  });
  try {
    print(`new CloudStack({ endpoint: ${sim.endpoint}, key, secret })`);
    const page = await cs.listVirtualMachines({ page: 1, pagesize: 10 });
    print(
      `listVirtualMachines({ page: 1, pagesize: 10 }) → count ${page.count}, ${page.virtualmachine.length} on the page`,
    );

    const zoneid = (await cs.listZones()).zone[0].id;
    const serviceofferingid = (await cs.listServiceOfferings()).serviceoffering[0].id;
    const templateid = (await cs.listTemplates({ templatefilter: 'executable' })).template[0].id;
    print(`listZones / listServiceOfferings / listTemplates → zone ${zoneid}`);

    const { securitygroup } = await cs.createSecurityGroup({ name: 'web', description: 'web servers' });
    const opened = await cs.authorizeSecurityGroupIngress({
      securitygroupid: securitygroup.id,
      protocol: 'tcp',
      startport: 443,
      endport: 443,
      cidrlist: ['10.0.0.0/8', '192.168.0.0/16'],
    });
    const cidrs = opened.securitygroup.ingressrule.map((rule) => rule.cidr).join(', ');
    print(`createSecurityGroup + authorizeSecurityGroupIngress(cidrlist) → rules for ${cidrs}`);

    const { virtualmachine } = await cs.deployVirtualMachine({
      zoneid,
      serviceofferingid,
      templateid,
      name: 'web-1',
    });
    print(`deployVirtualMachine (polls the job) → ${virtualmachine.name} ${virtualmachine.state}`);
    const job = await cs.deployVirtualMachine(
      { zoneid, serviceofferingid, templateid, name: 'web-2' },
      { fetchResult: false },
    );
    print(`deployVirtualMachine({ fetchResult: false }) → jobid ${job.jobid}`);

    const all = await cs.listVirtualMachines({}, { fetchList: true });
    print(
      `listVirtualMachines({}, { fetchList: true }) → ${all.length} VMs (pages of 500, fetched concurrently)`,
    );

    const five = await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        cs.deployVirtualMachine({ zoneid, serviceofferingid, templateid, name: `batch-${i}` }),
      ),
    );
    await Promise.all(
      five.map(({ virtualmachine: vm }) => cs.destroyVirtualMachine({ id: vm.id, expunge: true })),
    );
    print(
      `5 × deployVirtualMachine at once, then destroyVirtualMachine → ${five.map((r) => r.virtualmachine.name).join(' ')}`,
    );

    try {
      await cs.deployVirtualMachine({ zoneid, serviceofferingid, templateid, name: 'fail-demo' });
      throw new Error('a failing job did not fail');
    } catch (error) {
      if (!(error instanceof CloudStackApiError)) throw error;
      print(`a failing job → CloudStackApiError ${error.errorcode}: ${error.errortext}`);
    }

    try {
      await cs.startVirtualMachine({ id: '00000000-0000-0000-0000-000000000000' });
      throw new Error('starting a VM that does not exist did not fail');
    } catch (error) {
      if (!(error instanceof NotFoundError && error instanceof CloudStackApiError)) throw error;
      print(`an id naming nothing → ${error.name} (NotFoundError and CloudStackApiError) ${error.errorcode}`);
    }
  } finally {
    await cs.close();
    await sim.close();
  }
}
