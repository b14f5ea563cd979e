import { SchemasError } from './errors.js';
import { loadManifest, type Manifest, type VersionPin } from './manifest.js';

/** A pinned provider version, flattened for listing. */
export interface Pin extends VersionPin {
  provider: string;
  version: string;
  isDefault: boolean;
}

export function listPins(manifest: Manifest = loadManifest()): Pin[] {
  return Object.keys(manifest).flatMap((provider) => pinsOf(manifest, provider));
}

export function defaultVersion(provider: string, manifest: Manifest = loadManifest()): string {
  return providerPins(manifest, provider).default;
}

/** One pin; `version` defaults to the provider's default. */
export function getPin(manifest: Manifest, provider: string, version?: string): Pin {
  const pins = providerPins(manifest, provider);
  const chosen = version ?? pins.default;
  const entry = pins.versions[chosen];
  if (!entry) {
    throw new SchemasError(
      `no pin for ${provider}@${chosen}; pinned versions: ${Object.keys(pins.versions).join(', ')}`,
    );
  }
  return { ...entry, provider, version: chosen, isDefault: chosen === pins.default };
}

/**
 * The pins to work on: all of them, or those of the named providers, narrowed to the named
 * versions. Every name asked for must exist, so a typo is an error rather than an empty run.
 */
export function selectPins(
  manifest: Manifest,
  providers?: readonly string[],
  versions?: readonly string[],
): Pin[] {
  const chosen = (providers ?? Object.keys(manifest)).flatMap((provider) => pinsOf(manifest, provider));
  if (!versions) return chosen;
  for (const version of versions) {
    if (!chosen.some((pin) => pin.version === version)) {
      const known = chosen.map((pin) => `${pin.provider}@${pin.version}`).join(', ');
      throw new SchemasError(`no pin for version ${version}; pinned: ${known}`);
    }
  }
  return chosen.filter((pin) => versions.includes(pin.version));
}

/** For generated-file headers: `cloudstack@4.18 (apache/cloudstack-go@20cbd1c)`. */
export function pinId(provider: string, version?: string, manifest: Manifest = loadManifest()): string {
  const pin = getPin(manifest, provider, version);
  const ref = /^[0-9a-f]{40}$/.test(pin.ref) ? pin.ref.slice(0, 7) : pin.ref;
  return `${pin.provider}@${pin.version} (${pin.repository}@${ref})`;
}

function pinsOf(manifest: Manifest, provider: string): Pin[] {
  return Object.keys(providerPins(manifest, provider).versions).map((version) =>
    getPin(manifest, provider, version),
  );
}

function providerPins(manifest: Manifest, provider: string) {
  const pins = manifest[provider];
  if (!pins) {
    throw new SchemasError(`no pins for provider "${provider}"; pinned: ${Object.keys(manifest).join(', ')}`);
  }
  return pins;
}
