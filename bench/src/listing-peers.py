"""One measured listing by a Python peer, in a fresh process (started by listing-runs.ts):
`python3 listing-peers.py '<job JSON>'`, the job a ListingJob of listing-runs.ts. The call goes
through the library's public API with default options:

- ovirt: ovirtsdk4 `sdk.Connection(url=, username=, password=)`, `authenticate()`, then the timed
  `connection.system_service().vms_service().list()`;
- opennebula: pyone `pyone.OneServer(url, session=)`, timed `one.vmpool.infoextended(-2, -1, -1, -1)`;
- cloudstack: Debian's cs `CloudStack(endpoint=, key=, secret=)`, timed
  `cs.listVirtualMachines(fetch_list=True)`.

Prints one JSON line, a ListingResult; a call that raises is reported in it ("error").
"""
import json
import re
import resource
import sys
import time


def status_kib(field):
    """A figure of /proc/self/status in KiB (VmHWM: peak RSS; VmRSS: RSS now)."""
    with open('/proc/self/status') as status:
        match = re.search(r'^' + field + r':\s+(\d+) kB', status.read(), re.M)
    return int(match.group(1)) if match else None


def ovirt(job):
    import ovirtsdk4 as sdk
    import ovirtsdk4.version
    connection = sdk.Connection(url=job['url'], username=job['user'], password=job['secret'])
    connection.authenticate()
    return {
        'version': 'ovirtsdk4 ' + ovirtsdk4.version.VERSION,
        'call': lambda: connection.system_service().vms_service().list(),
        'items': lambda vms: vms,
        'typed': lambda vm: type(vm.creation_time).__name__,
        'close': connection.close,
    }


def opennebula(job):
    import pyone
    one = pyone.OneServer(job['url'], session=job['user'] + ':' + job['secret'])
    return {
        # pyone carries no version of its own: 7.5.80 is the peers folder's (its README).
        'version': 'pyone 7.5.80',
        'call': lambda: one.vmpool.infoextended(-2, -1, -1, -1),
        'items': lambda pool: pool.VM,
        'typed': lambda vm: type(vm.ID).__name__,
        'close': one.server_close,
    }


def cloudstack(job):
    from importlib.metadata import version
    from cs import CloudStack
    cs = CloudStack(endpoint=job['url'], key=job['user'], secret=job['secret'])
    return {
        'version': 'cs ' + version('cs'),
        'call': lambda: cs.listVirtualMachines(fetch_list=True),
        'items': lambda vms: vms,
        'typed': lambda vm: type(vm['cpunumber']).__name__,
        'close': lambda: None,
    }


job = json.loads(sys.argv[1])
client = {'ovirt': ovirt, 'opennebula': opennebula, 'cloudstack': cloudstack}[job['provider']](job)
rss_before = status_kib('VmRSS')
before = resource.getrusage(resource.RUSAGE_SELF)
started = time.perf_counter()
try:
    items = client['items'](client['call']())
    result = {'count': len(items), 'typed': client['typed'](items[0]) if items else 'none'}
except Exception as error:  # noqa: BLE001  (reported, as our client's failures are)
    result = {'count': 0, 'error': '%s: %s' % (type(error).__name__, error)}
ms = (time.perf_counter() - started) * 1000
after = resource.getrusage(resource.RUSAGE_SELF)
peak = status_kib('VmHWM')
client['close']()
result.update({'ms': ms, 'cpuMs': (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000,
               'rssBeforeKiB': rss_before, 'peakRssKiB': peak, 'version': client['version']})
print(json.dumps(result))
