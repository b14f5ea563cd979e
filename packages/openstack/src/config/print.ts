/**
 * A resolved configuration as text, with every secret masked: what openstacksdk's
 * `python -m openstack.config.loader` prints (cloud, region and config), but never a password.
 * Masked: every secret option of any auth type (`password`, `token`, `application_credential_secret`,
 * `client_secret`, `access_token`, `passcode`, `code`…), any key whose name says secret, password,
 * token or passphrase, PEM key material wherever it appears, and the password in a URL's user info.
 */

import { isSecretKey } from './auth-plugins.js';
import type { CloudConfig } from './loader.js';
import { yaml } from './pyyaml.js';

export const MASK = '<redacted>';

const PEM_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** Masks a URL's user-info password (`https://user:pw@host` → `https://user:<redacted>@host`). */
function maskUrl(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^/\s@]*@/gi, `$1${MASK}@`);
}

/** A deep copy of a configuration value with every secret replaced by `<redacted>`. */
export function maskSecrets(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item, key));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) {
      out[name] =
        isSecretKey(name) && item !== null && item !== undefined && item !== '' && typeof item !== 'object'
          ? MASK
          : maskSecrets(item, name);
    }
    return out;
  }
  if (typeof value === 'string') {
    if (PEM_KEY.test(value)) return MASK;
    return maskUrl(value);
  }
  return value;
}

/** A resolved configuration without its secrets, in a printable shape. */
export interface MaskedCloudConfig {
  cloud: string;
  regionName: string;
  source: CloudConfig['source'];
  config: Record<string, unknown>;
}

/** The printable, masked view of a resolved configuration. */
export function maskConfig(config: CloudConfig): MaskedCloudConfig {
  return {
    cloud: config.name,
    regionName: config.regionName,
    source: config.source,
    config: maskSecrets(config.config) as Record<string, unknown>,
  };
}

export interface FormatOptions {
  /** JSON (an array of `{ cloud, regionName, source, config }`) instead of YAML-like text. */
  json?: boolean;
}

/** Formats resolved configurations for people (or JSON for programs), secrets masked. */
export function formatCloudConfigs(configs: readonly CloudConfig[], options: FormatOptions = {}): string {
  const masked = configs.map(maskConfig);
  if (options.json) return `${JSON.stringify(masked, null, 2)}\n`;
  return masked
    .map((entry) => {
      const from = [entry.source.cloudsFile, entry.source.secureFile].filter((file) => file !== undefined);
      const header =
        `# cloud: ${entry.cloud || '(none)'}  region: ${entry.regionName || '(none)'}` +
        `  from: ${from.length > 0 ? from.join(' + ') : entry.source.kind}`;
      return `${header}\n${yaml().stringify(entry.config, { lineWidth: 0 })}`;
    })
    .join('\n');
}
