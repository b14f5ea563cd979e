/**
 * Answers as OpenStack ec2-api renders them (`ec2api/api/apirequest.py` `_render_response`, with the
 * instance fields of `ec2api/api/instance.py` `_format_instance` at 32740781…): `requestId` first,
 * lists as `<item>` children of `…Set` elements, booleans lower-case, datetimes with milliseconds.
 * Used by the reader tests and the benchmarks.
 */

export interface InstanceFixture {
  instanceId: string;
  reservationId: string;
  name: string;
  state: 'pending' | 'running' | 'stopped' | 'terminated';
  privateIp: string;
  publicIp?: string;
}

const STATE_CODES = { pending: 0, running: 16, stopped: 80, terminated: 48 } as const;

/**
 * One `<item>` of an `instancesSet`, with the fields ec2-api's `_format_instance` fills for a nova
 * server without VPC, in its order: `None` values become empty elements, `launchTime` is nova's
 * `created` text, product codes come as `productCodesSet` (which the model does not read).
 */
export function instanceItem(instance: InstanceFixture, index = 0): string {
  return (
    '<item>' +
    `<amiLaunchIndex>${index}</amiLaunchIndex>` +
    '<imageId>ami-00000001</imageId>' +
    `<instanceId>${instance.instanceId}</instanceId>` +
    '<instanceType>m1.tiny</instanceType>' +
    '<keyName>mykey</keyName>' +
    '<launchTime>2024-03-01T10:20:30Z</launchTime>' +
    '<placement><availabilityZone>nova</availabilityZone></placement>' +
    '<productCodesSet/>' +
    `<instanceState><code>${STATE_CODES[instance.state]}</code><name>${instance.state}</name></instanceState>` +
    '<rootDeviceName>/dev/vda</rootDeviceName>' +
    '<blockDeviceMapping><item><deviceName>/dev/vda</deviceName>' +
    '<ebs><volumeId>vol-00000004</volumeId><status>attached</status><deleteOnTermination>true</deleteOnTermination></ebs>' +
    '</item></blockDeviceMapping>' +
    '<rootDeviceType>ebs</rootDeviceType>' +
    '<kernelId>aki-00000002</kernelId>' +
    '<ramdiskId>ari-00000003</ramdiskId>' +
    '<groupSet><item><groupId>sg-1a2b3c4d</groupId><groupName>default</groupName></item></groupSet>' +
    `<privateIpAddress>${instance.privateIp}</privateIpAddress>` +
    `<privateDnsName>${instance.name}</privateDnsName>` +
    (instance.publicIp === undefined
      ? '<dnsName/>'
      : `<dnsName>${instance.publicIp}</dnsName><ipAddress>${instance.publicIp}</ipAddress>`) +
    `<tagSet><item><key>Name</key><value>${instance.name}</value></item>` +
    '<item><key>env</key><value>test</value></item></tagSet>' +
    '</item>'
  );
}

/**
 * A `DescribeInstancesResponse` with one reservation per instance (as `run` makes them), its fields
 * in `_format_reservation`'s order.
 */
export function describeInstancesAnswer(instances: readonly InstanceFixture[], nextToken?: string): string {
  const reservations = instances
    .map(
      (instance, i) =>
        `<item><reservationId>${instance.reservationId}</reservationId><ownerId>a1b2c3d4e5f6</ownerId>` +
        `<instancesSet>${instanceItem(instance, i % 3)}</instancesSet>` +
        '<groupSet><item><groupId>sg-1a2b3c4d</groupId><groupName>default</groupName></item></groupSet></item>',
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2014-10-01/">' +
    '<requestId>req-5f0d8a2e-5a3c-4c1e-9b7d-2f5e8c9a1b3d</requestId>' +
    `<reservationSet>${reservations}</reservationSet>` +
    (nextToken === undefined ? '' : `<nextToken>${nextToken}</nextToken>`) +
    '</DescribeInstancesResponse>'
  );
}

/** `count` instances i-00000001…, running, with private and public addresses. */
export function manyInstances(count: number, from = 0): InstanceFixture[] {
  return Array.from({ length: count }, (_, k) => {
    const n = from + k + 1;
    const hex = n.toString(16).padStart(8, '0');
    return {
      instanceId: `i-${hex}`,
      reservationId: `r-${hex}`,
      name: `server-${n}`,
      state: 'running' as const,
      privateIp: `10.0.${(n >> 8) & 255}.${n & 255}`,
      publicIp: `172.24.${(n >> 8) & 255}.${n & 255}`,
    };
  });
}
