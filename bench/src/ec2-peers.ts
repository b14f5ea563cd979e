/**
 * The programs the EC2 benchmark runs in fresh processes, one per measured run: our client,
 * `@aws-sdk/client-ec2` and Debian's boto3 listing every instance of the simulator, an import
 * timer, and botocore signing. Each prints one JSON line on stdout.
 */

/** What a listing run reports. */
export interface ListingRun {
  /** Instances decoded. */
  instances: number;
  pages: number;
  /** Wall-clock milliseconds of the paging loop (client made beforehand, as a program does once). */
  ms: number;
  /** CPU milliseconds (user + system, every thread) the process spent in the loop. */
  cpuMs: number;
  /** The process's resident set before the loop (after import and client construction), KiB. */
  rssBeforeKiB: number;
  /**
   * Peak resident set of the process: `VmHWM` of /proc/self/status, KiB. Not getrusage's
   * `ru_maxrss`, which Linux carries over from the forked parent across exec (a child of a large
   * process would report the parent's size).
   */
  peakRssKiB: number;
  /** How the first instance's launch time was decoded (`Date`, `datetime`): typed, not text. */
  launchTimeType: string;
  /** Wall-clock milliseconds of the whole process, spawn to exit (start, import, client, loop), measured by the bench. */
  processMs: number;
}

/** Where the simulator is and how to sign for it, passed as the one argument of each program. */
export interface SimulatorSettings {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  pageSize: number;
}

/** @overcast/ec2 with default options, its `paginateDescribeInstances`. Run with `node --input-type=module -e`. */
export const OURS_LISTING = `
import { readFileSync } from 'node:fs';
const settings = JSON.parse(process.argv[1]);
const { EC2 } = await import('@overcast/ec2');
const ec2 = new EC2({
  endpoint: settings.endpoint,
  region: settings.region,
  accessKeyId: settings.accessKeyId,
  secretAccessKey: settings.secretAccessKey,
});
const rssBeforeKiB = Math.round(process.memoryUsage().rss / 1024);
const cpu = process.cpuUsage();
const started = performance.now();
let instances = 0, pages = 0, launchTimeType = '';
for await (const page of ec2.paginateDescribeInstances({}, { pageSize: settings.pageSize })) {
  pages++;
  for (const reservation of page.Reservations ?? []) {
    for (const instance of reservation.Instances ?? []) {
      instances++;
      launchTimeType ||= instance.LaunchTime?.constructor.name ?? 'missing';
    }
  }
}
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
const peakRssKiB = Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
await ec2.close();
console.log(JSON.stringify({ instances, pages, ms, cpuMs: (used.user + used.system) / 1000, rssBeforeKiB, peakRssKiB, launchTimeType }));
`;

/** @aws-sdk/client-ec2 with default options, its `paginateDescribeInstances`. */
export const AWS_SDK_LISTING = `
import { readFileSync } from 'node:fs';
const settings = JSON.parse(process.argv[1]);
const { EC2Client, paginateDescribeInstances } = await import('@aws-sdk/client-ec2');
const client = new EC2Client({
  endpoint: settings.endpoint,
  region: settings.region,
  credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
});
const rssBeforeKiB = Math.round(process.memoryUsage().rss / 1024);
const cpu = process.cpuUsage();
const started = performance.now();
let instances = 0, pages = 0, launchTimeType = '';
for await (const page of paginateDescribeInstances({ client, pageSize: settings.pageSize }, {})) {
  pages++;
  for (const reservation of page.Reservations ?? []) {
    for (const instance of reservation.Instances ?? []) {
      instances++;
      launchTimeType ||= instance.LaunchTime?.constructor.name ?? 'missing';
    }
  }
}
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
const peakRssKiB = Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
client.destroy();
console.log(JSON.stringify({ instances, pages, ms, cpuMs: (used.user + used.system) / 1000, rssBeforeKiB, peakRssKiB, launchTimeType }));
`;

/** boto3 with default options, its `describe_instances` paginator. Run with `/usr/bin/python3 -c`. */
export const BOTO3_LISTING = `
import json, resource, sys, time
import boto3
settings = json.loads(sys.argv[1])
client = boto3.client('ec2', endpoint_url=settings['endpoint'], region_name=settings['region'],
                      aws_access_key_id=settings['accessKeyId'], aws_secret_access_key=settings['secretAccessKey'])
def status_kib(field):
    with open('/proc/self/status') as status:
        for line in status:
            if line.startswith(field + ':'):
                return int(line.split()[1])
rss_before = status_kib('VmRSS')
before = resource.getrusage(resource.RUSAGE_SELF)
started = time.perf_counter()
instances = pages = 0
launch_time_type = ''
paginator = client.get_paginator('describe_instances')
for page in paginator.paginate(PaginationConfig={'PageSize': settings['pageSize']}):
    pages += 1
    for reservation in page.get('Reservations', []):
        for instance in reservation.get('Instances', []):
            instances += 1
            if not launch_time_type:
                launch_time_type = type(instance.get('LaunchTime')).__name__
ms = (time.perf_counter() - started) * 1000
after = resource.getrusage(resource.RUSAGE_SELF)
cpu_ms = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
print(json.dumps({'instances': instances, 'pages': pages, 'ms': ms, 'cpuMs': cpu_ms, 'rssBeforeKiB': rss_before,
                  'peakRssKiB': status_kib('VmHWM'), 'launchTimeType': launch_time_type}))
`;

/**
 * The time `import(specifier)` takes in a fresh process. The ESM loader is started first with an
 * empty `data:` module, as a program's own entry module would have started it, so that only the
 * package's loading is timed.
 */
export const IMPORT_TIMER = `
await import('data:text/javascript,');
const started = performance.now();
await import(process.argv[1]);
console.log(JSON.stringify({ ms: performance.now() - started }));
`;

/**
 * botocore's SigV4 signing of one request: a fresh `AWSRequest` (as botocore makes one per call)
 * signed by `SigV4Auth.add_auth`; the best rate of a few short windows; and one signed example
 * (date and Authorization) so that the bench can check it signs the same thing.
 */
export function botocoreSigningProgram(input: {
  url: string;
  body: string;
  contentType: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  windows: number;
  windowMs: number;
}): string {
  return `
import json, time
import botocore
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
auth = SigV4Auth(Credentials(${JSON.stringify(input.accessKeyId)}, ${JSON.stringify(input.secretAccessKey)}), 'ec2', ${JSON.stringify(input.region)})
URL = ${JSON.stringify(input.url)}
BODY = ${JSON.stringify(input.body)}
HEADERS = {'Content-Type': ${JSON.stringify(input.contentType)}}
def sign():
    request = AWSRequest(method='POST', url=URL, data=BODY, headers=dict(HEADERS))
    auth.add_auth(request)
    return request
for _ in range(2000):
    sign()
best = 0
for window in range(${input.windows}):
    n, started = 0, time.perf_counter()
    while time.perf_counter() - started < ${input.windowMs / 1000}:
        for _ in range(20):
            sign()
        n += 20
    best = max(best, n / (time.perf_counter() - started))
example = sign()
print(json.dumps({'rate': best, 'version': botocore.__version__,
                  'amzDate': example.headers['X-Amz-Date'], 'authorization': example.headers['Authorization']}))
`;
}
