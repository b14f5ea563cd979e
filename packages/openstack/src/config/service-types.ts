/**
 * The official OpenStack service types and their aliases, in the order openstacksdk tries them for
 * per-service settings (`block_storage_api_version`, then `volumev3_…`, `volumev2_…`, `volume_…`,
 * `block_store_…`): the data of os-service-types 1.7 (Debian's python3-os-service-types).
 */

const ALIASES: Readonly<Record<string, readonly string[]>> = {
  identity: [],
  compute: [],
  image: [],
  'load-balancer': [],
  'object-store': [],
  clustering: ['resource-cluster', 'cluster'],
  'data-processing': [],
  baremetal: ['bare-metal'],
  'baremetal-introspection': [],
  'key-manager': [],
  'ec2-api': [],
  'resource-optimization': ['infra-optim'],
  message: ['messaging'],
  'application-catalog': [],
  'container-infrastructure-management': ['container-infrastructure', 'container-infra'],
  search: [],
  dns: [],
  workflow: ['workflowv2'],
  rating: [],
  'operator-policy': ['policy'],
  'shared-file-system': ['sharev2', 'share'],
  'data-protection-orchestration': [],
  orchestration: [],
  'block-storage': ['volumev3', 'volumev2', 'volume', 'block-store'],
  alarm: ['alarming'],
  meter: ['metering', 'telemetry'],
  event: ['events'],
  'application-deployment': ['application_deployment'],
  'multi-region-network-automation': ['tricircle'],
  database: [],
  'application-container': ['container'],
  'root-cause-analysis': ['rca'],
  'nfv-orchestration': [],
  network: [],
  backup: [],
  'monitoring-logging': ['monitoring-log-api'],
  monitoring: [],
  'monitoring-events': [],
  placement: [],
  'instance-ha': ['ha'],
  reservation: [],
  'function-engine': [],
  accelerator: [],
  'admin-logic': ['registration'],
};

const OFFICIAL = new Map<string, string>();
for (const [official, aliases] of Object.entries(ALIASES)) {
  OFFICIAL.set(official, official);
  for (const alias of aliases) if (!OFFICIAL.has(alias)) OFFICIAL.set(alias, official);
}

/** Whether a service type is an official type or an alias of one. */
export function isKnownServiceType(serviceType: string): boolean {
  return OFFICIAL.has(serviceType);
}

/** The official type of a service type or alias (`volume` → `block-storage`); unknown types as given. */
export function officialServiceType(serviceType: string): string {
  return OFFICIAL.get(serviceType) ?? serviceType;
}

/** The official type followed by its aliases (`['block-storage', 'volumev3', …]`); unknown: itself. */
export function allServiceTypes(serviceType: string): string[] {
  const official = OFFICIAL.get(serviceType);
  if (official === undefined) return [serviceType];
  return [official, ...(ALIASES[official] ?? [])];
}
