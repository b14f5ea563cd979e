/**
 * The errors the EC2 simulator answers, with ec2-api's codes, HTTP statuses and messages
 * (`ec2api/exception.py` at 32740781: every EC2 exception is a 400; Keystone's refusals keep
 * Keystone's 401 under the code `AuthFailure`).
 */

/** One error answer: rendered as `<Response><Errors><Error><Code>…` with `status`. */
export class Ec2Fault extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = 'Ec2Fault';
    this.code = code;
    this.status = status;
  }
}

/** `InvalidParameterValue`: `Value (v) for parameter p is invalid. reason` (ec2-api's wording). */
export function invalidParameterValue(value: unknown, parameter: string, reason: string): Ec2Fault {
  return new Ec2Fault(
    'InvalidParameterValue',
    `Value (${pythonRepr(value)}) for parameter ${parameter} is invalid. ${reason}`,
  );
}

/** `InvalidParameterValue` with a message of its own (ec2-api passes some messages whole). */
export function invalidParameterMessage(message: string): Ec2Fault {
  return new Ec2Fault('InvalidParameterValue', message);
}

export function missingParameter(param: string): Ec2Fault {
  return new Ec2Fault('MissingParameter', `The required parameter '${param}' is missing`);
}

export function validationError(reason: string): Ec2Fault {
  return new Ec2Fault(
    'ValidationError',
    `The input fails to satisfy the constraints specified by an AWS service: '${reason}'`,
  );
}

export function invalidParameterCombination(
  message = 'The combination of parameters in incorrect',
): Ec2Fault {
  return new Ec2Fault('InvalidParameterCombination', message);
}

export function incorrectState(reason: string): Ec2Fault {
  return new Ec2Fault(
    'IncorrectState',
    `The resource is in incorrect state for the request - reason: '${reason}'`,
  );
}

export function incorrectInstanceState(instanceId: string): Ec2Fault {
  return new Ec2Fault(
    'IncorrectInstanceState',
    `The instance '${instanceId}' is not in a state from which the requested operation can be performed.`,
  );
}

export function unsupportedOperation(): Ec2Fault {
  return new Ec2Fault('UnsupportedOperation', 'The specified request includes an unsupported operation.');
}

export function dependencyViolation(id: string, dependent: string): Ec2Fault {
  return new Ec2Fault('DependencyViolation', `Object ${id} has dependent resource ${dependent}`);
}

/** ec2-api's `NOT_FOUND_EXCEPTION_MAP`: the code and message for an id of each kind that names nothing. */
const NOT_FOUND: Record<string, [code: string, message: (id: string) => string]> = {
  vpc: ['InvalidVpcID.NotFound', (id) => `The vpc ID '${id}' does not exist`],
  igw: ['InvalidInternetGatewayID.NotFound', (id) => `The internetGateway ID '${id}' does not exist`],
  subnet: ['InvalidSubnetID.NotFound', (id) => `The subnet ID '${id}' does not exist`],
  eni: ['InvalidNetworkInterfaceID.NotFound', (id) => `Network interface ${id} could not be found.`],
  dopt: ['InvalidDhcpOptionsID.NotFound', (id) => `The dhcp options ID '${id}' does not exist`],
  eipalloc: ['InvalidAllocationID.NotFound', (id) => `The allocation ID '${id}' does not exist`],
  eipassoc: ['InvalidAssociationID.NotFound', (id) => `The association ID '${id}' does not exist`],
  sg: ['InvalidGroup.NotFound', (id) => `The security group ID '${id}' does not exist`],
  rtb: ['InvalidRouteTableID.NotFound', (id) => `The routeTable ID '${id}' does not exist`],
  i: ['InvalidInstanceID.NotFound', (id) => `The instance ID '${id}' does not exist`],
  kp: ['InvalidKeyPair.NotFound', (id) => `Keypair ${id} is not found`],
  az: ['InvalidAvailabilityZone.NotFound', (id) => `Availability zone ${id} not found`],
  vol: ['InvalidVolume.NotFound', (id) => `The volume '${id}' does not exist.`],
  snap: ['InvalidSnapshot.NotFound', (id) => `Snapshot ${id} could not be found.`],
  ami: ['InvalidAMIID.NotFound', (id) => `The image id '[${id}]' does not exist`],
  aki: ['InvalidAMIID.NotFound', (id) => `The image id '[${id}]' does not exist`],
  ari: ['InvalidAMIID.NotFound', (id) => `The image id '[${id}]' does not exist`],
  vgw: ['InvalidVpnGatewayID.NotFound', (id) => `The vpnGateway ID '${id}' does not exist`],
  cgw: ['InvalidCustomerGatewayID.NotFound', (id) => `The customerGateway ID '${id}' does not exist`],
  vpn: ['InvalidVpnConnectionID.NotFound', (id) => `The vpnConnection ID '${id}' does not exist`],
};

/** The `….NotFound` error for an id of `kind` (`i`, `vol`, `sg`, `kp`…). */
export function notFound(kind: string, id: string): Ec2Fault {
  const entry = NOT_FOUND[kind];
  if (!entry) return new Ec2Fault('InvalidID', `The ID '${id}' is not valid`);
  return new Ec2Fault(entry[0], entry[1](id));
}

/** Whether ec2-api knows the kind of id (`i-…`, `vol-…`): the kinds of its not-found table. */
export function isKnownKind(kind: string): boolean {
  return kind in NOT_FOUND;
}

/** The text Python's `%s` gives for a parameter value: lists and dicts as Python prints them. */
function pythonRepr(value: unknown): string {
  if (typeof value === 'string') return value;
  return reprInner(value);
}

function reprInner(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(reprInner).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `'${k}': ${reprInner(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}
