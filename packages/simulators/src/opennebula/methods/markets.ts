/**
 * `one.market.info` and `one.marketpool.info`: the marketplaces oned creates at bootstrap, read
 * only (the simulator does not model apps or market drivers).
 */
import type { XmlBuildElement } from '@overcast/runtime/xml';
import { noExists } from '../errors.js';
import { el, ids, leaf, permissions, templateElement } from '../xml-parts.js';
import { xml } from './owned.js';
import type { MethodTable } from './types.js';

interface Marketplace {
  ID: number;
  NAME: string;
  MARKET_MAD: string;
  ENDPOINT: string;
  DESCRIPTION: string;
}

const MARKETPLACES: readonly Marketplace[] = [
  {
    ID: 0,
    NAME: 'OpenNebula Public',
    MARKET_MAD: 'one',
    ENDPOINT: 'https://marketplace.opennebula.io',
    DESCRIPTION: 'OpenNebula Systems MarketPlace',
  },
  {
    ID: 1,
    NAME: 'DockerHub',
    MARKET_MAD: 'dockerhub',
    ENDPOINT: 'https://hub.docker.com',
    DESCRIPTION: 'DockerHub Marketplace: official images',
  },
];

/** `MARKETPLACE` (marketplace.xsd): owned by oneadmin, usable by everyone. */
function marketDocument(market: Marketplace): XmlBuildElement {
  return el(
    'MARKETPLACE',
    leaf('ID', market.ID),
    leaf('UID', 0),
    leaf('GID', 0),
    leaf('UNAME', 'oneadmin'),
    leaf('GNAME', 'oneadmin'),
    leaf('NAME', market.NAME),
    leaf('STATE', 0),
    leaf('MARKET_MAD', market.MARKET_MAD),
    leaf('ZONE_ID', '0'),
    leaf('TOTAL_MB', 0),
    leaf('FREE_MB', 0),
    leaf('USED_MB', 0),
    ids('MARKETPLACEAPPS', []),
    permissions([1, 1, 1, 1, 0, 0, 1, 0, 0]),
    templateElement('TEMPLATE', [
      ['DESCRIPTION', market.DESCRIPTION],
      ['ENDPOINT', market.ENDPOINT],
      ['MARKET_MAD', market.MARKET_MAD],
    ]),
  );
}

export const marketMethods: MethodTable = {
  'one.market.info': (call) => {
    const id = call.params.int(1);
    call.params.bool(2, false);
    const market = MARKETPLACES.find((candidate) => candidate.ID === id);
    if (market === undefined) throw noExists('market', id);
    return xml(marketDocument(market));
  },
  'one.marketpool.info': () => xml(el('MARKETPLACE_POOL', ...MARKETPLACES.map(marketDocument))),
};
