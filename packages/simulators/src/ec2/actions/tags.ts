/**
 * CreateTags, DeleteTags and DescribeTags (ec2-api `tag.py`): tags on instances, volumes,
 * security groups, images (any image id, as AWS allows) and the VPC; a second CreateTags of a key
 * replaces its value; DescribeTags pages by `MaxResults`/`NextToken`, sorted by key.
 */
import { type Args, ids, int, list, required, str } from '../args.js';
import type { Action, Ec2Context } from '../context.js';
import {
  checkFilterNames,
  checkMaxResults,
  type FilterMap,
  matches,
  page,
  parseFilters,
} from '../describe.js';
import { Ec2Fault, invalidParameterValue, notFound } from '../errors.js';
import type { Tag } from '../state.js';
import type { XmlObject } from '../xml.js';

const RESOURCE_TYPES: Readonly<Record<string, string>> = {
  dopt: 'dhcp-options',
  ami: 'image',
  aki: 'image',
  ari: 'image',
  cgw: 'customer-gateway',
  i: 'instance',
  igw: 'internet-gateway',
  eni: 'network-interface',
  rtb: 'route-table',
  snap: 'snapshot',
  subnet: 'subnet',
  sg: 'security-group',
  vgw: 'vpn-gateway',
  vol: 'volume',
  vpc: 'vpc',
  vpn: 'vpn-connection',
};

const TAG_FILTERS: FilterMap = {
  key: 'key',
  'tag-key': 'key',
  'resource-id': 'resourceId',
  'resource-type': 'resourceType',
  value: 'value',
  'tag-value': 'value',
};

/** `tagSet` of a formatted item, present only when the item has tags (as ec2-api writes it). */
export function formatTags(tags: readonly Tag[] | undefined): XmlObject {
  if (tags === undefined || tags.length === 0) return {};
  return { tagSet: tags.map((tag) => ({ key: tag.key, value: tag.value })) };
}

function kindOf(id: string): string {
  return id.split('-')[0] as string;
}

function exists(context: Ec2Context, id: string): boolean {
  const { cloud } = context;
  switch (kindOf(id)) {
    case 'i':
      return cloud.instances.has(id);
    case 'vol':
      return cloud.volumes.has(id);
    case 'sg':
      return cloud.groups.has(id);
    case 'vpc':
      return cloud.vpcId === id;
    default:
      return false;
  }
}

/** `Tag.N.Key`/`Tag.N.Value` pairs (`validate_key_value_dict_list`, Value may be empty). */
function tagPairs(
  args: Args,
  requireValue: boolean,
): { key: string | undefined; value: string | undefined }[] | undefined {
  const raw = list(args, 'tag');
  if (raw === undefined) return undefined;
  return raw.map((item) => {
    const pair = typeof item === 'object' && !Array.isArray(item) ? item : {};
    const key = typeof pair.key === 'string' ? pair.key : undefined;
    const value = typeof pair.value === 'string' ? pair.value : undefined;
    if (requireValue && (!key || value === undefined)) {
      throw invalidParameterValue(pair, 'tag', 'Expected list of key value dictionaries');
    }
    return { key, value };
  });
}

export const createTags: Action = (context, args) => {
  const resourceIds = required(ids(args, 'resource_id', []), 'resource_id');
  const pairs = required(tagPairs(args, true), 'tag');
  for (const { key = '', value = '' } of pairs) {
    let reason: string | undefined;
    if (key.length > 127) reason = 'Tag key exceeds the maximum length of 127 characters';
    else if (key.startsWith('aws:')) reason = "Tag keys starting with 'aws:' are reserved for internal use";
    else if (value.length > 255) reason = 'Tag value exceeds the maximum length of 255 characters';
    if (reason) throw invalidParameterValue({ key, value }, 'Tag', reason);
  }
  for (const id of resourceIds) {
    const kind = kindOf(id);
    if (!(kind in RESOURCE_TYPES)) throw new Ec2Fault('InvalidID', `The ID '${id}' is not valid`);
    // Images are not checked: AWS (and ec2-api) let a tag name any image id.
    if (kind !== 'ami' && kind !== 'ari' && kind !== 'aki' && !exists(context, id)) throw notFound(kind, id);
  }
  for (const itemId of resourceIds) {
    for (const { key = '', value = '' } of pairs) {
      const slot = `${itemId}\u0000${key}`;
      const existing = context.cloud.tags.get(slot);
      if (existing) existing.value = value;
      else context.cloud.tags.set(slot, { itemId, key, value });
    }
  }
  return true;
};

export const deleteTags: Action = (context, args) => {
  const resourceIds = required(ids(args, 'resource_id', []), 'resource_id');
  const pairs = tagPairs(args, false);
  const items = new Set(resourceIds);
  for (const [slot, tag] of context.cloud.tags) {
    if (!items.has(tag.itemId)) continue;
    const hit =
      pairs === undefined ||
      pairs.length === 0 ||
      pairs.some(
        ({ key, value }) =>
          (key === undefined || key === tag.key) && (value === undefined || value === tag.value),
      );
    if (hit) context.cloud.tags.delete(slot);
  }
  return true;
};

export const describeTags: Action = (context, args) => {
  const maxResults = int(args, 'max_results');
  const nextToken = str(args, 'next_token');
  checkMaxResults(maxResults);
  const filters = parseFilters(args);
  checkFilterNames(filters, TAG_FILTERS, false);
  const formatted: XmlObject[] = [];
  for (const tag of context.cloud.tags.values()) {
    const kind = kindOf(tag.itemId);
    const item = {
      resourceType: RESOURCE_TYPES[kind] ?? kind,
      resourceId: tag.itemId,
      key: tag.key,
      value: tag.value,
    };
    if (matches(item, filters, TAG_FILTERS)) formatted.push(item);
  }
  const paged = page(formatted, (item) => item.key as string, { maxResults, nextToken });
  return { tagSet: paged.items, ...(paged.nextToken === undefined ? {} : { nextToken: paged.nextToken }) };
};
