/** What to call OpenNebula's objects in doc comments, by the root element of their XML. */
import { INFO_ROOTS } from './facts.js';

export interface Noun {
  one: string;
  many: string;
}

const noun = (one: string, many = `${one}s`): Noun => ({ one, many });

export const OBJECT_NOUNS: Readonly<Record<string, Noun>> = {
  BACKUPJOB: noun('backup job'),
  CLUSTER: noun('cluster'),
  DATASTORE: noun('datastore'),
  DOCUMENT: noun('document'),
  GROUP: noun('group'),
  HOOK: noun('hook'),
  HOST: noun('host'),
  IMAGE: noun('image'),
  MARKETPLACE: noun('marketplace'),
  MARKETPLACEAPP: noun('marketplace app'),
  SECURITY_GROUP: noun('security group'),
  USER: noun('user'),
  VDC: noun('VDC'),
  VM: noun('VM'),
  VMTEMPLATE: noun('VM template'),
  VM_GROUP: noun('VM group'),
  VNET: noun('virtual network'),
  VNTEMPLATE: noun('virtual network template'),
  VROUTER: noun('virtual router'),
  ZONE: noun('zone'),
};

/** The object of an XML-RPC namespace (`vm`, or `vmpool` for its pool), undefined for the others. */
export function namespaceNoun(namespace: string): Noun | undefined {
  const root = INFO_ROOTS[namespace.replace(/pool$/, '')];
  return root === undefined ? undefined : OBJECT_NOUNS[root];
}
