"""One measured run of Python's openstacksdk, in a fresh process (started by openstack-bench.ts):
`python3 openstack-child.py list|setup`, the cloud from OS_CLIENT_CONFIG_FILE / OS_CLOUD.

- list: connect and make one call (auth, discovery), then time listing every server with detail,
  1,000 a page: conn.compute.servers(limit=1000).
- setup: time `import openstack`, openstack.connect() and the first call (the flavors).

Prints one JSON line: {"ms", "count", "hwmKiB", "rssBeforeKiB", "version"} (hwmKiB: the process's
peak RSS, VmHWM; rssBeforeKiB: its RSS right before the listing).
"""
import json
import re
import sys
import time


def status_kib(field):
    """A figure of /proc/self/status in KiB (VmHWM: peak RSS; VmRSS: RSS now)."""
    with open('/proc/self/status') as status:
        match = re.search(r'^' + field + r':\s+(\d+) kB', status.read(), re.M)
    return int(match.group(1)) if match else None


mode = sys.argv[1]
started = time.perf_counter()
import openstack  # noqa: E402  (timed)

conn = openstack.connect()
count = 0
rss_before = None
if mode == 'setup':
    for flavor in conn.compute.flavors():
        count += 1 if flavor.id else 0
    ms = (time.perf_counter() - started) * 1000
else:
    for flavor in conn.compute.flavors():
        pass
    rss_before = status_kib('VmRSS')
    listing = time.perf_counter()
    for server in conn.compute.servers(limit=1000):
        count += 1 if server.id else 0
    ms = (time.perf_counter() - listing) * 1000
conn.close()
print(json.dumps({'ms': ms, 'count': count, 'hwmKiB': status_kib('VmHWM'), 'rssBeforeKiB': rss_before,
                  'version': openstack.version.__version__}))
