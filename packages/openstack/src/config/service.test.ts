import { describe, expect, it } from 'vitest';
import { serviceSettings } from './service.js';
import { allServiceTypes, officialServiceType } from './service-types.js';

const base = {
  auth_type: 'password',
  interface: 'public',
  region_name: 'R1',
  auth: { auth_url: 'http://k/v3', project_name: 'p' },
};

describe('per-service settings', () => {
  it('knows the official types and aliases', () => {
    expect(allServiceTypes('volume')).toEqual([
      'block-storage',
      'volumev3',
      'volumev2',
      'volume',
      'block-store',
    ]);
    expect(officialServiceType('volumev3')).toBe('block-storage');
    expect(allServiceTypes('made-up')).toEqual(['made-up']);
  });

  it('looks under the official type, then the aliases, then cloud-wide', () => {
    const config = {
      ...base,
      volume_api_version: '3',
      volumev3_endpoint_override: 'http://cinder/v3',
      block_storage_interface: 'internal',
      compute_api_version: '2.79',
      compute_region_name: 'R2',
      compute_service_name: 'nova',
      compute_default_microversion: '2.60',
      compute_connect_retries: '3',
      image_api_version: 'latest',
      network_service_type: 'neutron',
      status_code_retries: '5',
    };
    expect(serviceSettings({ config }, 'block-storage')).toEqual({
      serviceType: 'block-storage',
      serviceName: undefined,
      interface: 'internal',
      regionName: 'R1',
      endpointOverride: 'http://cinder/v3',
      apiVersion: '3',
      defaultMicroversion: undefined,
      connectRetries: undefined,
      statusCodeRetries: 5,
    });
    expect(serviceSettings({ config }, 'volume').serviceType).toBe('block-storage');
    expect(serviceSettings({ config }, 'compute')).toMatchObject({
      interface: 'public',
      regionName: 'R2',
      serviceName: 'nova',
      apiVersion: '2.79',
      defaultMicroversion: '2.60',
      connectRetries: 3,
    });
    expect(serviceSettings({ config }, 'image').apiVersion).toBeUndefined();
    expect(serviceSettings({ config }, 'network').serviceType).toBe('neutron');
  });

  it('endpoint: override, then endpoint, then auth.endpoint for none, then auth_url for unscoped identity', () => {
    expect(
      serviceSettings({ config: { ...base, image_endpoint: 'http://glance' } }, 'image').endpointOverride,
    ).toBe('http://glance');
    const none = { ...base, auth_type: 'none', auth: { endpoint: 'http://bare' } };
    expect(serviceSettings({ config: none }, 'baremetal').endpointOverride).toBe('http://bare');
    expect(serviceSettings({ config: base }, 'identity').endpointOverride).toBeUndefined();
    const unscoped = { ...base, auth: { auth_url: 'http://k/v3', username: 'u' } };
    expect(serviceSettings({ config: unscoped }, 'identity').endpointOverride).toBe('http://k/v3');
  });
});
