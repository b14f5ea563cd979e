/** IPv4 arithmetic for subnets: parsing CIDRs, gateway and pool defaults, and allocation. */

export interface Cidr {
  /** The network address as an unsigned 32-bit number. */
  network: number;
  prefix: number;
  /** How many addresses the CIDR spans. */
  size: number;
}

export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export function parseCidr(text: string): Cidr | undefined {
  const [address, prefixText] = text.split('/');
  const start = parseIpv4(address ?? '');
  const prefix = Number(prefixText);
  if (start === undefined || !/^\d{1,2}$/.test(prefixText ?? '') || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  return { network: start - (start % size), prefix, size };
}

export function inCidr(cidr: Cidr, address: number): boolean {
  return address >= cidr.network && address < cidr.network + cidr.size;
}

/** Neutron's defaults: the gateway is the first host, the pool every other host address. */
export function defaultGateway(cidr: Cidr): string | null {
  return cidr.size >= 4 ? formatIpv4(cidr.network + 1) : null;
}

export function defaultPools(cidr: Cidr, gateway: string | null): { start: string; end: string }[] {
  if (cidr.size < 4) return [];
  const first = cidr.network + 1;
  const last = cidr.network + cidr.size - 2;
  const gw = gateway === null ? undefined : parseIpv4(gateway);
  if (gw === first) return [{ start: formatIpv4(first + 1), end: formatIpv4(last) }];
  if (gw === last) return [{ start: formatIpv4(first), end: formatIpv4(last - 1) }];
  if (gw !== undefined && gw > first && gw < last) {
    return [
      { start: formatIpv4(first), end: formatIpv4(gw - 1) },
      { start: formatIpv4(gw + 1), end: formatIpv4(last) },
    ];
  }
  return [{ start: formatIpv4(first), end: formatIpv4(last) }];
}

/** The first address of the pools not in `used`, or undefined when the pools are exhausted. */
export function allocate(
  pools: readonly { start: string; end: string }[],
  used: ReadonlySet<string>,
): string | undefined {
  for (const pool of pools) {
    const start = parseIpv4(pool.start);
    const end = parseIpv4(pool.end);
    if (start === undefined || end === undefined) continue;
    for (let address = start; address <= end; address++) {
      const text = formatIpv4(address);
      if (!used.has(text)) return text;
    }
  }
  return undefined;
}
