/** The oVirt model as staged in ../shared (beside the repository), which these tests read in place. */
import { sharedPath } from '@overcast/generator-core';

export function sharedOvirtDir(version: string): string {
  return `${sharedPath(`schemas/ovirt/${version}`)}/`;
}
