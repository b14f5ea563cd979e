/**
 * The simulated cloud's objects, in the field names and shapes the real server answers with
 * (compare `shared/fixtures/cloudstack/`), trimmed to the fields a client commonly reads.
 */

export interface Tag {
  key: string;
  value: string;
  resourcetype: string;
  resourceid: string;
  account: string;
  domainid: string;
  domain: string;
}

export interface Zone {
  id: string;
  name: string;
  description: string;
  networktype: 'Advanced';
  securitygroupsenabled: boolean;
  allocationstate: 'Enabled';
  dhcpprovider: 'VirtualRouter';
  localstorageenabled: boolean;
  tags: Tag[];
}

export interface ServiceOffering {
  id: string;
  name: string;
  displaytext: string;
  cpunumber: number;
  cpuspeed: number;
  memory: number;
  created: string;
  storagetype: 'shared';
  offerha: boolean;
  issystem: boolean;
  iscustomized: boolean;
}

export interface Template {
  id: string;
  name: string;
  displaytext: string;
  ispublic: boolean;
  isready: boolean;
  isfeatured: boolean;
  ostypeid: string;
  ostypename: string;
  account: string;
  zoneid: string;
  zonename: string;
  status: string;
  format: 'QCOW2';
  templatetype: 'BUILTIN';
  hypervisor: 'Simulator';
  size: number;
  created: string;
  tags: Tag[];
}

export interface Nic {
  id: string;
  networkid: string;
  networkname: string;
  netmask: string;
  gateway: string;
  ipaddress: string;
  traffictype: 'Guest';
  type: 'Isolated';
  isdefault: boolean;
  macaddress: string;
}

export type VmState = 'Starting' | 'Running' | 'Stopping' | 'Stopped' | 'Destroyed' | 'Expunging' | 'Error';

export interface VirtualMachine {
  id: string;
  name: string;
  displayname: string;
  account: string;
  domainid: string;
  domain: string;
  created: string;
  state: VmState;
  haenable: boolean;
  zoneid: string;
  zonename: string;
  templateid: string;
  templatename: string;
  templatedisplaytext: string;
  serviceofferingid: string;
  serviceofferingname: string;
  cpunumber: number;
  cpuspeed: number;
  memory: number;
  hypervisor: 'Simulator';
  instancename: string;
  passwordenabled: boolean;
  securitygroup: { id: string; name: string }[];
  nic: Nic[];
  details: Record<string, string>;
  affinitygroup: never[];
  tags: Tag[];
}

export interface Volume {
  id: string;
  name: string;
  zoneid: string;
  zonename: string;
  type: 'ROOT' | 'DATADISK';
  deviceid?: number;
  virtualmachineid?: string;
  vmname?: string;
  vmstate?: VmState;
  size: number;
  state: 'Allocated' | 'Ready';
  created: string;
  storagetype: 'shared';
  account: string;
  domainid: string;
  domain: string;
  tags: Tag[];
}

export interface Network {
  id: string;
  name: string;
  displaytext: string;
  zoneid: string;
  zonename: string;
  networkofferingid: string;
  type: 'Isolated';
  state: 'Allocated' | 'Implemented';
  traffictype: 'Guest';
  cidr: string;
  gateway: string;
  netmask: string;
  account: string;
  domainid: string;
  domain: string;
  tags: Tag[];
}

export interface SecurityGroupRule {
  ruleid: string;
  protocol: string;
  startport?: number;
  endport?: number;
  icmptype?: number;
  icmpcode?: number;
  cidr: string;
  tags: Tag[];
}

export interface SecurityGroup {
  id: string;
  name: string;
  description: string;
  account: string;
  domainid: string;
  domain: string;
  ingressrule: SecurityGroupRule[];
  egressrule: SecurityGroupRule[];
  virtualmachinecount: number;
  virtualmachineids: string[];
  tags: Tag[];
}

/** An async job as `queryAsyncJobResult` answers it (minus `jobresult` while pending). */
export interface AsyncJob {
  jobid: string;
  accountid: string;
  userid: string;
  cmd: string;
  jobstatus: 0 | 1 | 2;
  jobprocstatus: 0;
  jobresultcode: number;
  jobresulttype: 'object';
  jobresult?: object;
  jobinstancetype?: string;
  jobinstanceid?: string;
  created: string;
  completed?: string;
}

/** CloudStack's date format: `2021-10-04T09:24:38+0000`. */
export function csDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+0000`;
}
