"""Resolves cloud configurations with Debian's openstacksdk (python3-openstacksdk 0.101).

Reads a JSON list of cases on stdin; for each case it changes to the case's working directory,
replaces the environment with the case's own, reloads openstack.config.loader (its search path is
computed when the module loads, from the working directory and HOME) and calls
OpenStackConfig().get_one(cloud=..., region_name=..., **overrides). Prints one JSON result per
case: {"ok": {...}} with the resolved config and the per-service answers of the CloudRegion, or
{"error": {"type": ..., "message": ...}}.
"""
import importlib
import json
import os
import sys
import warnings

warnings.simplefilter('ignore')

from openstack.config import loader  # noqa: E402

SERVICES = ('compute', 'identity', 'image', 'network', 'block-storage', 'volume', 'object-store')


def resolve(case):
    os.chdir(case['cwd'])
    os.environ.clear()
    os.environ.update(case['env'])
    module = importlib.reload(loader)
    kwargs = dict(case.get('overrides') or {})
    if case.get('region') is not None:
        kwargs['region_name'] = case['region']
    region = module.OpenStackConfig().get_one(cloud=case.get('cloud'), **kwargs)
    verify, cert = region.get_requests_verify_args()
    services = {}
    for service in SERVICES:
        services[service] = {
            'service_type': region.get_service_type(service),
            'service_name': region.get_service_name(service),
            'interface': region.get_interface(service),
            'region_name': region.get_region_name(service),
            'endpoint_override': region.get_endpoint(service),
            'api_version': region.get_api_version(service),
            'default_microversion': region.get_default_microversion(service),
        }
    return {
        'name': region._name,
        'region_name': region.region_name,
        'config': region.config,
        'force_ipv4': region.force_ipv4,
        'verify': verify,
        'cert': cert,
        'services': services,
    }


results = []
for case in json.load(sys.stdin):
    try:
        results.append({'ok': resolve(case)})
    except Exception as error:  # every failure is compared by kind, not by text
        results.append({'error': {'type': type(error).__name__, 'message': str(error)}})
print(json.dumps(results, default=str))
