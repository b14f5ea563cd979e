/** Paths of the shared test data the tests read in place; missing data fails the test, loudly. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function sharedPath(relative: string): string {
  const path = fileURLToPath(new URL(`../../../../shared/${relative}`, import.meta.url));
  if (!existsSync(path)) {
    throw new Error(
      `${path} is missing: these tests need ../shared (the team's shared data) beside the repository`,
    );
  }
  return path;
}
