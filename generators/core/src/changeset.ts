/**
 * Changesets for API changes: `.changeset/<provider>-api-<from>-to-<to>.md`, releasing
 * `@overcast/<provider>` at the diff's level with the formatted diff as the summary.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ApiDiff, formatDiff } from './diff.js';
import { GeneratorError } from './errors.js';

export function changesetFileName(diff: ApiDiff): string {
  // Versions come from the command line; keep them to characters safe in a file name.
  const safe = (version: string) => version.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${diff.provider}-api-${safe(diff.from)}-to-${safe(diff.to)}.md`;
}

export function renderChangeset(diff: ApiDiff): string {
  if (diff.level === 'none') throw new GeneratorError(`${diff.provider}: no change, so no changeset`);
  return `---\n"@overcast/${diff.provider}": ${diff.level}\n---\n\n${formatDiff(diff)}`;
}

/** Writes the changeset into `changesetDir` (the repository's `.changeset`); returns its path. */
export async function writeChangeset(changesetDir: string, diff: ApiDiff): Promise<string> {
  const path = join(changesetDir, changesetFileName(diff));
  await mkdir(changesetDir, { recursive: true });
  await writeFile(path, renderChangeset(diff));
  return path;
}
