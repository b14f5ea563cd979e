/** The shared staging folder (`../shared` beside the repository), which these tests read in place. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function sharedOvirtDir(version: string): string {
  const dir = fileURLToPath(new URL(`../../../../../shared/schemas/ovirt/${version}/`, import.meta.url));
  if (!existsSync(dir)) throw new Error(`../shared is required for this test: ${dir} is missing`);
  return dir;
}
