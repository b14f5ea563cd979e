import { describe, expect, it } from 'vitest';
import { changesetFileName, renderChangeset } from './changeset.js';
import type { ApiDiff } from './diff.js';

const diff = (level: ApiDiff['level'], from = '4.18', to = '4.19'): ApiDiff => ({
  provider: 'cloudstack',
  from,
  to,
  level,
  changes: [],
});

describe('changesets', () => {
  it('names the file after the provider and both versions, safely', () => {
    expect(changesetFileName(diff('minor'))).toBe('cloudstack-api-4.18-to-4.19.md');
    expect(changesetFileName(diff('minor', '../4.18', 'a b'))).toBe('cloudstack-api-.._4.18-to-a_b.md');
  });

  it('releases the provider package at the level of the diff', () => {
    expect(renderChangeset(diff('patch'))).toBe(
      '---\n"@overcast/cloudstack": patch\n---\n\ncloudstack API 4.18 → 4.19: no API change (patch: new schema version)\n',
    );
  });

  it('refuses to release nothing', () => {
    expect(() => renderChangeset(diff('none'))).toThrow('cloudstack: no change, so no changeset');
  });
});
