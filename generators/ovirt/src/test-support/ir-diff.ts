/**
 * Compares an IR with the upstream analyzer's dump, ordering and documentation aside, and lists
 * the differences one per line (`services.vms.methods.add.parameters.vm.detail[vm.name].mandatory:
 * ours false, upstream true`).
 */

const DOCUMENTATION = new Set(['doc', 'valueDocs', 'sections']);

/** Arrays of named things become objects keyed by name (or path), other arrays are sorted. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    const key = (item: unknown) => {
      const record = item as Record<string, unknown> | null;
      return typeof record?.name === 'string'
        ? record.name
        : typeof record?.path === 'string'
          ? record.path
          : undefined;
    };
    if (items.length > 0 && items.every((item) => key(item) !== undefined)) {
      return Object.fromEntries(items.map((item) => [`[${key(item)}]`, item]));
    }
    return items.map((item) => JSON.stringify(item)).sort();
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([name]) => !DOCUMENTATION.has(name))
        .map(([name, item]) => [name, canonical(item)]),
    );
  }
  return value;
}

export function irDifferences(ours: unknown, upstream: unknown): string[] {
  const found: string[] = [];
  compare(canonical(ours), canonical(upstream), '', found);
  return found;
}

function compare(ours: unknown, upstream: unknown, path: string, found: string[]): void {
  const bothObjects =
    ours !== null && upstream !== null && typeof ours === 'object' && typeof upstream === 'object';
  if (bothObjects && !Array.isArray(ours) && !Array.isArray(upstream)) {
    const a = ours as Record<string, unknown>;
    const b = upstream as Record<string, unknown>;
    for (const name of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const at = path === '' ? name : `${path}.${name}`;
      if (!(name in b)) found.push(`${at}: only ours: ${JSON.stringify(a[name])}`);
      else if (!(name in a)) found.push(`${at}: only upstream: ${JSON.stringify(b[name])}`);
      else compare(a[name], b[name], at, found);
    }
    return;
  }
  if (JSON.stringify(ours) !== JSON.stringify(upstream)) {
    found.push(`${path}: ours ${JSON.stringify(ours)}, upstream ${JSON.stringify(upstream)}`);
  }
}
