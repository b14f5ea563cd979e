/** The shared staging folder (`../shared` beside the repository), which these tests read in place. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface XmlExample {
  file: string;
  line: number;
  root: string | null;
  well_formed: boolean;
  xml: string;
}

export function xmlExamples(version: string): XmlExample[] {
  const path = fileURLToPath(
    new URL(`../../../../../shared/schemas/ovirt/${version}/xml-examples.json`, import.meta.url),
  );
  if (!existsSync(path)) throw new Error(`../shared is required for this test: ${path} is missing`);
  return (JSON.parse(readFileSync(path, 'utf8')) as { examples: XmlExample[] }).examples;
}
