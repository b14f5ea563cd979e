import { describe, expect, it } from 'vitest';
import { configDirectories, configFileCandidates } from './paths.js';

describe('openstacksdk search path', () => {
  it('working directory, user config, ~/.config, site config, /etc/openstack', () => {
    expect(configDirectories({ env: { HOME: '/home/u' }, cwd: '/w', platform: 'linux' })).toEqual([
      '/w',
      '/home/u/.config/openstack',
      '/home/u/.config/openstack',
      '/etc/xdg/openstack',
      '/etc/openstack',
    ]);
  });

  it('follows XDG variables (the multipath quirk kept) and SNAP_REAL_HOME', () => {
    expect(
      configDirectories({
        env: {
          HOME: '/home/u/',
          XDG_CONFIG_HOME: '/cfg',
          XDG_CONFIG_DIRS: '/a:/b/',
          SNAP_REAL_HOME: '/real',
        },
        cwd: '/w',
        platform: 'linux',
      }),
    ).toEqual([
      '/w',
      '/cfg/openstack',
      '/real/.config/openstack',
      '/a/openstack:/b/openstack',
      '/etc/openstack',
    ]);
  });

  it('uses the macOS application support directories', () => {
    expect(configDirectories({ env: { HOME: '/Users/u' }, cwd: '/w', platform: 'darwin' })).toEqual([
      '/w',
      '/Users/u/Library/Application Support/openstack',
      '/Users/u/.config/openstack',
      '/Library/Application Support/openstack',
      '/etc/openstack',
    ]);
  });

  it('tries .yaml, .yml and .json in each directory, the override first', () => {
    const files = configFileCandidates(
      'secure',
      { env: { HOME: '/h' }, cwd: '/w', platform: 'linux' },
      'mine.yaml',
    );
    expect(files.slice(0, 4)).toEqual(['mine.yaml', '/w/secure.yaml', '/w/secure.yml', '/w/secure.json']);
    expect(files).toHaveLength(16);
    expect(configFileCandidates('clouds-public', { env: { HOME: '/h' }, cwd: '/w' }, '')[0]).toBe(
      '/w/clouds-public.yaml',
    );
  });
});
