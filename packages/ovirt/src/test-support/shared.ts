/** The shared staging folder (`../shared` beside the repository), which these tests read in place. */
import { readFileSync } from 'node:fs';
import { sharedPath } from '@overcast/generator-core/shared-data';

export interface XmlExample {
  file: string;
  line: number;
  root: string | null;
  well_formed: boolean;
  xml: string;
}

export function xmlExamples(version: string): XmlExample[] {
  const path = sharedPath(`schemas/ovirt/${version}/xml-examples.json`);
  return (JSON.parse(readFileSync(path, 'utf8')) as { examples: XmlExample[] }).examples;
}
