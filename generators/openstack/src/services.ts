/**
 * The OpenStack services the generator reads. Adding a service (object storage, placement, load
 * balancing, DNS, orchestration…) is pinning its spec under `<type>/` (and its naming metadata as
 * `metadata/<type>_metadata.yaml` when there is one) and adding an entry here.
 */

export interface ServiceEntry {
  /** The catalog service type, also the spec's folder in the pin and the metadata's prefix. */
  type: string;
  /** The `Connection` property and the folder under `src/generated/`: camelCase of `type`. */
  property: string;
  /** Other catalog types that mean this service (os-service-types), most preferred first. */
  aliases?: readonly string[];
  /**
   * The service sends and honours microversions: `header` is the service name of
   * `OpenStack-API-Version: <header> <version>`, `legacyHeader` the older header also sent.
   */
  microversion?: { header: string; legacyHeader?: string };
  /**
   * A path prefix that marks a second path for the same operation (block-storage's
   * `/v3/{project_id}/volumes` is `/v3/volumes`): such a path must have that twin, and is kept as
   * the twin's `alsoAt` instead of being an operation of its own.
   */
  twinPrefix?: string;
  /**
   * Method names for what neither the metadata nor the path rule names uniquely (or well), keyed
   * `METHOD /spec/path` (an action: `POST /spec/path#action-name`). Every entry must be used.
   */
  names?: Readonly<Record<string, string>>;
  /**
   * Operations (`METHOD /spec/path`) whose request body is bytes although the spec declares JSON
   * (Glance's image staging). Every entry must match an operation.
   */
  binaryRequests?: readonly string[];
  /**
   * Operations (`METHOD /spec/path`) whose bodies the service wraps in a key the spec leaves out
   * (its schema is the wrapped value): the key, set on the request and the answer where the spec
   * gives none. Every entry must match an operation.
   */
  wrappedBodies?: Readonly<Record<string, string>>;
  /**
   * The API reference page the spec's descriptions were written for: their relative links are
   * made absolute against it (generation fails on a relative link without it).
   */
  apiReference?: string;
}

export const SERVICES: readonly ServiceEntry[] = [
  {
    type: 'compute',
    property: 'compute',
    microversion: { header: 'compute', legacyHeader: 'X-OpenStack-Nova-API-Version' },
    names: {
      // The metadata calls both `version get`; the root answers the version of this endpoint.
      'GET /v2.1/': 'getCurrentVersion',
    },
  },
  {
    type: 'identity',
    property: 'identity',
    names: {
      'HEAD /': 'checkVersions',
      // The metadata names the option level `domain/config`; these act on a domain's whole config.
      'HEAD /v3/domains/{domain_id}/config': 'checkDomainConfigs',
      'PATCH /v3/domains/{domain_id}/config': 'updateDomainConfigs',
      // The metadata's `inherited_to_project get/check` are the lists; these ask about one role.
      'GET /v3/OS-INHERIT/domains/{domain_id}/groups/{group_id}/roles/{role_id}/inherited_to_projects':
        'getInheritedDomainGroupRole',
      'HEAD /v3/OS-INHERIT/domains/{domain_id}/groups/{group_id}/roles/{role_id}/inherited_to_projects':
        'checkInheritedDomainGroupRole',
      'GET /v3/OS-INHERIT/domains/{domain_id}/users/{user_id}/roles/{role_id}/inherited_to_projects':
        'getInheritedDomainUserRole',
      'HEAD /v3/OS-INHERIT/domains/{domain_id}/users/{user_id}/roles/{role_id}/inherited_to_projects':
        'checkInheritedDomainUserRole',
    },
    // The spec gives these bodies as the inner object; Keystone reads and answers them under the
    // resource's key (`request_body_json.get('domain')`, `wrap_member`), as its API reference says.
    wrappedBodies: {
      'POST /v3/credentials': 'credential',
      'PATCH /v3/credentials/{credential_id}': 'credential',
      'POST /v3/domains': 'domain',
      'PATCH /v3/domains/{domain_id}': 'domain',
      'PATCH /v3/endpoints/{endpoint_id}': 'endpoint',
      'POST /v3/limits': 'limits',
      'PATCH /v3/limits/{limit_id}': 'limit',
      'POST /v3/registered_limits': 'registered_limits',
      'PATCH /v3/registered_limits/{registered_limit_id}': 'registered_limit',
      'POST /v3/OS-EP-FILTER/endpoint_groups': 'endpoint_group',
      'PATCH /v3/OS-EP-FILTER/endpoint_groups/{endpoint_group_id}': 'endpoint_group',
      'POST /v3/OS-OAUTH1/consumers': 'consumer',
      'PATCH /v3/OS-OAUTH1/consumers/{consumer_id}': 'consumer',
      'POST /v3/policies': 'policy',
      'PATCH /v3/policies/{policy_id}': 'policy',
      'POST /v3/OS-TRUST/trusts': 'trust',
      'PUT /v3/regions/{region_id}': 'region',
    },
  },
  {
    type: 'image',
    property: 'image',
    names: {
      // Creates several tags at once; the metadata names only the one-tag create.
      'POST /v2/metadefs/namespaces/{namespace_name}/tags': 'createMetadefNamespaceTags',
    },
    // Declared as a JSON object; the description (and Glance) say octet-stream.
    binaryRequests: ['PUT /v2/images/{image_id}/stage'],
    apiReference: 'https://docs.openstack.org/api-ref/image/v2/index.html',
  },
  { type: 'network', property: 'network' },
  {
    type: 'block-storage',
    property: 'blockStorage',
    aliases: ['volumev3', 'volumev2', 'volume', 'block-store'],
    microversion: { header: 'volume' },
    twinPrefix: '/{project_id}',
    names: {
      // The metadata names the `/update` path `consistencygroup update` as well.
      'PUT /v3/consistencygroups/{id}': 'replaceConsistencygroup',
      // The metadata calls accepting a legacy transfer `volume_transfer create`.
      'POST /v3/os-volume-transfer/{id}/accept': 'acceptOsVolumeTransfer',
    },
  },
];
