/**
 * The vendor profiles openstacksdk ships (`openstack/config/vendors/*.json|yaml`), as Debian's
 * python3-openstacksdk 0.101 has them: what `profile: <name>` (or the older `cloud: <name>`) in a
 * clouds.yaml entry pulls in before the entry's own keys. A profile named by URL
 * (`profile: https://vexxhost.com`) is fetched from `<scheme>://<host>/.well-known/openstack/api`.
 * Data from openstacksdk (Apache-2.0).
 */
import type { PyDict } from './values.js';

export const VENDOR_PROFILES: Readonly<Record<string, PyDict>> = {
  auro: {
    auth: {
      auth_url: 'https://api.van2.auro.io:5000/v3',
      user_domain_name: 'Default',
      project_domain_name: 'Default',
    },
    identity_api_version: '3',
    region_name: 'RegionOne',
    requires_floating_ip: true,
  },
  betacloud: {
    auth: {
      auth_url: 'https://api-1.betacloud.de:5000',
    },
    regions: ['betacloud-1'],
    identity_api_version: '3',
    image_format: 'raw',
    block_storage_api_version: '3',
  },
  bluebox: {
    block_storage_api_version: '1',
    region_name: 'RegionOne',
  },
  catalyst: {
    auth: {
      auth_url: 'https://api.cloud.catalyst.net.nz:5000/v2.0',
    },
    regions: ['nz-por-1', 'nz_wlg_2'],
    image_api_version: '1',
    block_storage_api_version: '1',
    image_format: 'raw',
  },
  citycloud: {
    auth: {
      auth_url: 'https://{region_name}.citycloud.com:5000/v3/',
    },
    regions: ['Buf1', 'Fra1', 'Lon1', 'Sto2', 'Kna1', 'dx1', 'tky1'],
    requires_floating_ip: true,
    block_storage_api_version: '1',
    identity_api_version: '3',
  },
  conoha: {
    auth: {
      auth_url: 'https://identity.{region_name}.conoha.io',
    },
    regions: ['sin1', 'sjc1', 'tyo1'],
    identity_api_version: '2',
  },
  dreamcompute: {
    auth: {
      auth_url: 'https://iad2.dream.io:5000',
    },
    identity_api_version: '3',
    region_name: 'RegionOne',
    image_format: 'raw',
  },
  elastx: {
    auth: {
      auth_url: 'https://ops.elastx.cloud:5000/v3',
    },
    identity_api_version: '3',
    region_name: 'se-sto',
  },
  entercloudsuite: {
    auth: {
      auth_url: 'https://api.entercloudsuite.com/',
    },
    identity_api_version: '3',
    image_api_version: '1',
    block_storage_api_version: '1',
    regions: ['it-mil1', 'nl-ams1', 'de-fra1'],
  },
  fuga: {
    auth: {
      auth_url: 'https://identity.api.fuga.io:5000',
      user_domain_name: 'Default',
      project_domain_name: 'Default',
    },
    regions: ['cystack'],
    identity_api_version: '3',
    block_storage_api_version: '3',
  },
  ibmcloud: {
    auth: {
      auth_url: 'https://identity.open.softlayer.com',
    },
    block_storage_api_version: '2',
    identity_api_version: '3',
    regions: ['london'],
  },
  internap: {
    auth: {
      auth_url: 'https://identity.api.cloud.iweb.com',
    },
    regions: ['ams01', 'da01', 'nyj01', 'sin01', 'sjc01'],
    identity_api_version: '3',
    floating_ip_source: 'None',
  },
  limestonenetworks: {
    auth: {
      auth_url: 'https://auth.cloud.lstn.net:5000/v3',
    },
    regions: [
      {
        name: 'us-dfw-1',
        values: {
          networks: [
            {
              name: 'Public Internet',
              routes_externally: true,
              default_interface: true,
              nat_source: true,
            },
            {
              name: 'DDoS Protected',
              routes_externally: true,
            },
            {
              name: 'Private Network (10.0.0.0/8 only)',
              routes_externally: false,
            },
            {
              name: 'Private Network (Floating Public)',
              routes_externally: false,
              nat_destination: true,
            },
          ],
        },
      },
      {
        name: 'us-slc',
        values: {
          networks: [
            {
              name: 'Public Internet',
              routes_externally: true,
              default_interface: true,
              nat_source: true,
            },
            {
              name: 'Private Network (10.0.0.0/8 only)',
              routes_externally: false,
            },
            {
              name: 'Private Network (Floating Public)',
              routes_externally: false,
              nat_destination: true,
            },
          ],
        },
      },
    ],
    identity_api_version: '3',
    image_format: 'raw',
    volume_api_version: '3',
  },
  otc: {
    auth: {
      auth_url: 'https://iam.{region_name}.otc.t-systems.com/v3',
    },
    regions: ['eu-de', 'eu-nl'],
    identity_api_version: '3',
    interface: 'public',
    image_format: 'qcow2',
    vendor_hook: 'otcextensions.sdk:load',
  },
  ovh: {
    auth: {
      auth_url: 'https://auth.cloud.ovh.net/',
      user_domain_name: 'Default',
      project_domain_name: 'Default',
    },
    regions: [
      'BHS',
      'BHS1',
      'BHS3',
      'BHS5',
      'DE',
      'DE1',
      'GRA',
      'GRA1',
      'GRA5',
      'GRA7',
      'SBG',
      'SBG1',
      'SBG5',
      'UK',
      'UK1',
      'WAW',
      'WAW1',
      'SYD1',
      'SGP1',
    ],
    identity_api_version: '3',
    floating_ip_source: 'None',
  },
  'ovh-us': {
    auth: {
      auth_url: 'https://auth.cloud.ovh.us/',
      user_domain_name: 'Default',
      project_domain_name: 'Default',
    },
    regions: ['US-EAST-VA-1'],
    identity_api_version: '3',
    floating_ip_source: 'None',
  },
  rackspace: {
    auth: {
      auth_url: 'https://identity.api.rackspacecloud.com/v2.0/',
    },
    regions: ['DFW', 'HKG', 'IAD', 'ORD', 'SYD', 'LON'],
    database_service_type: 'rax:database',
    compute_service_name: 'cloudServersOpenStack',
    image_api_use_tasks: true,
    image_format: 'vhd',
    floating_ip_source: 'None',
    secgroup_source: 'None',
    requires_floating_ip: false,
    block_storage_endpoint_override: 'https://{region_name}.blockstorage.api.rackspacecloud.com/v2/',
    block_storage_api_version: '2',
    disable_vendor_agent: {
      vm_mode: 'hvm',
      xenapi_use_agent: 'False',
    },
    has_network: false,
  },
  switchengines: {
    auth: {
      auth_url: 'https://keystone.cloud.switch.ch:5000/v3',
    },
    regions: ['LS', 'ZH'],
    identity_api_version: '3',
    image_format: 'raw',
  },
  ultimum: {
    auth: {
      auth_url: 'https://console.ultimum-cloud.com:5000/',
    },
    identity_api_version: '3',
    block_storage_api_version: '1',
    'region-name': 'RegionOne',
  },
  unitedstack: {
    auth: {
      auth_url: 'https://identity.api.ustack.com/v3',
    },
    regions: ['bj1', 'gd1'],
    block_storage_api_version: '1',
    identity_api_version: '3',
    image_format: 'raw',
    floating_ip_source: 'None',
  },
  vexxhost: {
    profile: 'https://vexxhost.com',
  },
  zetta: {
    auth: {
      auth_url: 'https://identity.api.zetta.io/v3',
    },
    regions: ['no-osl1'],
    identity_api_version: '3',
    dns_api_version: '2',
  },
};
