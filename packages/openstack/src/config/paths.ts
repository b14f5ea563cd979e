/**
 * Where openstacksdk looks for `clouds.yaml`, `secure.yaml` and `clouds-public.yaml`, in order
 * (the first file that exists wins; later ones are not read):
 *
 * 1. the working directory;
 * 2. the user's config directory as appdirs gives it (`$XDG_CONFIG_HOME/openstack`, else
 *    `~/.config/openstack`; on macOS `~/Library/Application Support/openstack`);
 * 3. `~/.config/openstack` (`$SNAP_REAL_HOME/.config/openstack` inside a snap);
 * 4. the site config directory as appdirs gives it (`$XDG_CONFIG_DIRS` entries, default
 *    `/etc/xdg`, each + `/openstack`, joined with `:` as one path — appdirs' multipath quirk,
 *    kept; on macOS `/Library/Application Support/openstack`);
 * 5. `/etc/openstack`;
 *
 * each with the suffixes `.yaml`, `.yml`, `.json`. `OS_CLIENT_CONFIG_FILE` (and
 * `OS_CLIENT_SECURE_FILE` for secure.yaml) is tried before all of them.
 */
import { homedir } from 'node:os';

export type Env = Readonly<Record<string, string | undefined>>;

export interface SearchPathOptions {
  env: Env;
  cwd: string;
  platform?: NodeJS.Platform;
}

const SUFFIXES = ['.yaml', '.yml', '.json'];

/** Python's `os.path.join` of two POSIX paths (no normalization). */
function pyJoin(base: string, name: string): string {
  if (name.startsWith('/')) return name;
  if (base === '' || base.endsWith('/')) return base + name;
  return `${base}/${name}`;
}

/** Python's `os.path.expanduser` for `~/…` with `$HOME`. */
function expandUser(path: string, env: Env): string {
  if (!path.startsWith('~')) return path;
  const home = (env['HOME'] ?? homedir()).replace(/\/+$/, '');
  return home + path.slice(1) || '/';
}

/** The directories searched, in order (see the module comment). */
export function configDirectories(options: SearchPathOptions): string[] {
  const { env, cwd } = options;
  const platform = options.platform ?? process.platform;
  let userConfig: string;
  let siteConfig: string;
  if (platform === 'darwin') {
    userConfig = pyJoin(expandUser('~/Library/Application Support/', env), 'openstack');
    siteConfig = '/Library/Application Support/openstack';
  } else if (platform === 'win32') {
    userConfig = pyJoin(env['LOCALAPPDATA'] ?? expandUser('~/AppData/Local', env), 'OpenStack/openstack');
    siteConfig = pyJoin(env['ProgramData'] ?? 'C:/ProgramData', 'OpenStack/openstack');
  } else {
    userConfig = pyJoin(env['XDG_CONFIG_HOME'] ?? expandUser('~/.config', env), 'openstack');
    siteConfig = (env['XDG_CONFIG_DIRS'] ?? '/etc/xdg')
      .split(':')
      .map((dir) => `${expandUser(dir.replace(/\/+$/, ''), env)}/openstack`)
      .join(':');
  }
  const snapHome = env['SNAP_REAL_HOME'];
  const unixConfig = snapHome
    ? pyJoin(pyJoin(snapHome, '.config'), 'openstack')
    : pyJoin(expandUser('~/.config', env), 'openstack');
  return [cwd, userConfig, unixConfig, siteConfig, '/etc/openstack'];
}

export type ConfigFileKind = 'clouds' | 'secure' | 'clouds-public';

/**
 * The candidate files of one kind, in the order they are tried; `override` (the value of
 * `OS_CLIENT_CONFIG_FILE` or `OS_CLIENT_SECURE_FILE`) comes first when it is not empty.
 */
export function configFileCandidates(
  kind: ConfigFileKind,
  options: SearchPathOptions,
  override?: string,
): string[] {
  const files = configDirectories(options).flatMap((dir) =>
    SUFFIXES.map((suffix) => pyJoin(dir, `${kind}${suffix}`)),
  );
  return override ? [override, ...files] : files;
}
