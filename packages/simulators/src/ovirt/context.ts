/** What every route sees: the engine's state, its VM power control, the clock and the request. */
import type { XmlBuildElement } from '@overcast/runtime/xml';
import { NotFound } from '../store.js';
import type { SimulatorRequest, SimulatorResponse } from '../types.js';
import type { EngineState } from './model.js';
import type { PowerControl } from './power.js';
import { compileSearch, parseMax, type SearchFields } from './search.js';
import { el, notFound, xmlResponse } from './xml-out.js';

export interface EngineContext {
  state: EngineState;
  power: PowerControl;
  now: () => Date;
}

export interface RouteRequest extends EngineContext {
  request: SimulatorRequest;
}

/** How one kind of object is listed and searched. */
export interface Listing<T> {
  /** Root tag of the list document, e.g. `vms`, `data_centers`. */
  plural: string;
  render: (item: T) => XmlBuildElement;
  /** The fields `search` can name (none: the list has no `search`, which is then ignored), and their values. */
  searchable: readonly string[];
  fields: (item: T) => SearchFields;
}

/** A list answer: `search` (with `case_sensitive`) filters, then `max` cuts, as the engine does. */
export function listAnswer<T>(
  route: RouteRequest,
  listing: Listing<T>,
  items: readonly T[],
): SimulatorResponse {
  const { query } = route.request;
  const max = parseMax(query.get('max'));
  const search = query.get('search');
  let selected = items;
  if (search !== null && search.trim() !== '' && listing.searchable.length > 0) {
    const matches = compileSearch(
      search,
      listing.searchable,
      query.get('case_sensitive')?.toLowerCase() !== 'false',
    );
    selected = items.filter((item) => matches(listing.fields(item)));
  }
  const shown = Number.isFinite(max) ? selected.slice(0, max) : selected;
  return xmlResponse(200, el(listing.plural, undefined, ...shown.map((item) => listing.render(item))));
}

/** A record from the URL's id, or the engine's 404. */
export function required<T>(item: T | NotFound | undefined, id: string): T {
  if (item === undefined || item === NotFound) throw notFound(id);
  return item;
}
