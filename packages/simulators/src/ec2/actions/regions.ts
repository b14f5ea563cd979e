/** DescribeRegions and DescribeAvailabilityZones (ec2-api `availability_zone.py`). */
import { type Args, strings } from '../args.js';
import type { Action, Ec2Context } from '../context.js';
import { checkFilterNames, type FilterMap, matches, parseFilters } from '../describe.js';
import { notFound } from '../errors.js';
import type { XmlObject } from '../xml.js';

/** ec2-api ignores `RegionName.N` and `Filter.N`: it lists its one configured region. */
export const describeRegions: Action = (context) => ({
  regionInfo: [{ regionName: context.region, regionEndpoint: context.endpoint() }],
});

const ZONE_FILTERS: FilterMap = { state: 'zoneState', 'zone-name': 'zoneName' };

export const describeAvailabilityZones: Action = (context: Ec2Context, args: Args) => {
  const names = strings(args, 'zone_name');
  // An OpenStack extension of ec2-api: `ZoneName.1=verbose` lists the hosts and services too.
  if (names?.includes('verbose')) {
    const stamp = context.now().toISOString().replace('T', ' ').replace('Z', '');
    return {
      availabilityZoneInfo: context.cloud.availabilityZones.flatMap((zone) => [
        { zoneName: zone, zoneState: 'available' },
        { zoneName: '|- simulator-compute-1', zoneState: '' },
        { zoneName: '| |- nova-compute', zoneState: `enabled :-) ${stamp}` },
      ]),
    };
  }
  const filters = parseFilters(args);
  checkFilterNames(filters, ZONE_FILTERS, false);
  const wanted = new Set(names ?? []);
  const zones: XmlObject[] = [];
  for (const zone of context.cloud.availabilityZones) {
    if (names !== undefined && !wanted.has(zone)) continue;
    wanted.delete(zone);
    const formatted = { zoneName: zone, zoneState: 'available' };
    if (matches(formatted, filters, ZONE_FILTERS)) zones.push(formatted);
  }
  const missing = wanted.values().next();
  if (!missing.done) throw notFound('az', missing.value);
  return { availabilityZoneInfo: zones };
};
