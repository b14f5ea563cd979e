/**
 * The team's shared data (`../shared` beside the repository: research tables, golden dumps,
 * fixtures), which tests read in place. A missing file fails the test loudly; it never skips.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SHARED_ROOT = new URL('../../../../shared/', import.meta.url);

/** The absolute path of `relative` inside ../shared; throws, naming it, when it is missing. */
export function sharedPath(relative: string): string {
  const path = fileURLToPath(new URL(relative, SHARED_ROOT));
  if (!existsSync(path)) {
    throw new Error(
      `${path} is missing: this test needs ../shared (the team's shared data) beside the repository`,
    );
  }
  return path;
}
