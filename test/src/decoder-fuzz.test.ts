/**
 * Mutation fuzzing of every decoder that reads what a server sends: the XML-RPC envelope, the
 * OpenNebula documents, oVirt's XML, CloudStack's JSON answers and job answers, EC2's XML answers and
 * error documents, OpenStack's JSON pages. A decoder may return
 * or throw one of Overcast's typed errors, within seconds; any other throw fails the test.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudStack } from '@overcast/cloudstack';
import { EC2 } from '@overcast/ec2';
import { sharedPath } from '@overcast/generator-core';
import { decodeDocument, METHODS } from '@overcast/opennebula';
import { Connection as OpenStackConnection } from '@overcast/openstack';
import { readXml } from '@overcast/ovirt';
import { decodeMethodResponse, encodeMethodResponse } from '@overcast/runtime';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { sampleCalls } from './opennebula-client-python/samples.js';
import { expectTypedOutcome, FUZZ, mutated } from './support/mutations.js';

const calls = sampleCalls().filter((call) =>
  /pool\.info$|^one\.vm\.info$|^one\.host\.info$/.test(call.method),
);

describe('XML-RPC envelope', () => {
  it('never throws untyped on a mutated methodResponse holding a pool document', async () => {
    const envelope = encodeMethodResponse([true, (calls[0] as { xml: string }).xml, 0]);
    await fc.assert(
      fc.asyncProperty(mutated(envelope), (bytes) =>
        expectTypedOutcome(() => decodeMethodResponse(bytes.toString('latin1')), bytes),
      ),
      FUZZ,
    );
  });
});

describe('OpenNebula documents', () => {
  it.each(calls.map((call) => [call.method, call] as const))('%s', async (method, call) => {
    const returns = METHODS[method]?.returns;
    if (typeof returns !== 'object' || !('document' in returns)) throw new Error(`${method}: no document`);
    await fc.assert(
      fc.asyncProperty(mutated(call.xml), (bytes) =>
        expectTypedOutcome(
          () => decodeDocument(bytes.toString('utf8'), returns.document, returns.root),
          bytes,
        ),
      ),
      { ...FUZZ, numRuns: 60 },
    );
  });
});

describe('oVirt XML', () => {
  const examples = (
    JSON.parse(readFileSync(sharedPath('schemas/ovirt/4.6.1/xml-examples.json'), 'utf8')) as {
      examples: { xml: string; well_formed: boolean }[];
    }
  ).examples.filter((example) => example.well_formed && example.xml.length > 200);

  it('never throws untyped on mutated engine documents', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...examples), fc.nat(), (example, _n) =>
        fc.assert(
          fc.asyncProperty(mutated(example.xml), (bytes) => expectTypedOutcome(() => readXml(bytes), bytes)),
          { seed: FUZZ.seed, numRuns: 5 },
        ),
      ),
      { ...FUZZ, numRuns: 40 },
    );
  });
});

describe('CloudStack JSON answers and job answers, through the client', () => {
  let server: Server;
  let endpoint: string;
  let listBody: Buffer = Buffer.alloc(0);
  let jobBody: Buffer = Buffer.alloc(0);

  beforeAll(async () => {
    server = createServer((req, res) => {
      const command = new URL(req.url ?? '/', 'http://x').searchParams.get('command');
      const body =
        command === 'queryAsyncJobResult'
          ? jobBody
          : command === 'deployVirtualMachine'
            ? Buffer.from('{"deployvirtualmachineresponse":{"jobid":"j-1","id":"vm-1"}}')
            : listBody;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/api`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const client = () =>
    new CloudStack({ endpoint, key: 'fuzz-api-key', secret: 'fuzz-secret-key', pollInterval: 1 });
  const list = JSON.stringify({
    listvirtualmachinesresponse: {
      count: 2,
      virtualmachine: [
        { id: 'a1', name: 'web-1', state: 'Running', nic: [{ id: 'n1', ipaddress: '10.0.0.5' }], tags: [] },
        { id: 'a2', name: 'web-2', state: 'Stopped', cpunumber: 2, memory: 2048 },
      ],
    },
  });
  const job = JSON.stringify({
    queryasyncjobresultresponse: {
      jobid: 'j-1',
      jobstatus: 1,
      jobresultcode: 0,
      jobresult: { virtualmachine: { id: 'vm-1', name: 'web-3', state: 'Running' } },
    },
  });

  it('never throws untyped on a mutated list answer', async () => {
    const cs = client();
    await fc.assert(
      fc.asyncProperty(mutated(list), (bytes) => {
        listBody = bytes;
        return expectTypedOutcome(() => cs.request('listVirtualMachines', {}), bytes);
      }),
      FUZZ,
    );
    await cs.close();
  });

  it('never throws untyped on a mutated job answer', async () => {
    const cs = client();
    await fc.assert(
      fc.asyncProperty(mutated(job), (bytes) => {
        jobBody = bytes;
        return expectTypedOutcome(
          () =>
            cs.request(
              'deployVirtualMachine',
              { serviceofferingid: 's', templateid: 't', zoneid: 'z' },
              { jobTimeout: 2000 },
            ),
          bytes,
        );
      }),
      FUZZ,
    );
    await cs.close();
  });
});

/** A 127.0.0.1 server answering every request with what `answer` gives at that moment. */
async function mutableServer(
  answer: (path: string) => { status: number; type: string; body: Buffer },
): Promise<{ origin: string; close: () => void }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const { status, type, body } = answer(req.url ?? '/');
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe('EC2 XML answers and error documents, through the client', () => {
  const instances = `<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2014-10-01/">
  <requestId>req-1</requestId>
  <reservationSet><item><reservationId>r-1</reservationId><ownerId>p1</ownerId>
    <groupSet><item><groupId>sg-1</groupId><groupName>default</groupName></item></groupSet>
    <instancesSet><item><instanceId>i-1</instanceId><imageId>ami-1</imageId>
      <instanceState><code>16</code><name>running</name></instanceState>
      <launchTime>2026-12-06T03:00:00.000Z</launchTime><amiLaunchIndex>0</amiLaunchIndex>
      <tagSet><item><key>env</key><value>prod</value></item></tagSet>
    </item></instancesSet></item></reservationSet>
</DescribeInstancesResponse>`;
  const failure = `<?xml version="1.0"?>
<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>The instance ID 'i-9' does not exist</Message></Error></Errors><RequestID>req-2</RequestID></Response>`;

  it.each([
    ['a DescribeInstances answer', 200, instances],
    ['an error document', 400, failure],
  ] as const)('never throws untyped on a mutated %s', async (_what, status, document) => {
    let body: Buffer = Buffer.alloc(0);
    const server = await mutableServer(() => ({ status, type: 'text/xml', body }));
    const ec2 = new EC2({
      endpoint: `${server.origin}/services/Cloud`,
      accessKeyId: 'fuzz-access-key',
      secretAccessKey: 'fuzz-secret-access-key',
      region: 'RegionOne',
    });
    await fc.assert(
      fc.asyncProperty(mutated(document), (bytes) => {
        body = bytes;
        return expectTypedOutcome(() => ec2.describeInstances({}), bytes);
      }),
      FUZZ,
    );
    await ec2.close();
    server.close();
  });
});

describe('OpenStack JSON pages, through the client', () => {
  it('never throws untyped on a mutated server list page', async () => {
    const page = JSON.stringify({
      servers: [
        { id: 'a1', name: 'web-1', status: 'ACTIVE', addresses: { net: [{ addr: '10.0.0.5', version: 4 }] } },
        { id: 'a2', name: 'web-2', status: 'SHUTOFF', metadata: { env: 'prod' } },
      ],
      servers_links: [],
    });
    let body: Buffer = Buffer.alloc(0);
    const server = await mutableServer((path) =>
      path.startsWith('/compute/servers/detail')
        ? { status: 200, type: 'application/json', body }
        : {
            status: 200,
            type: 'application/json',
            body: Buffer.from(
              JSON.stringify({
                version: { id: 'v2.1', status: 'CURRENT', version: '2.96', min_version: '2.1' },
              }),
            ),
          },
    );
    const conn = new OpenStackConnection({
      authType: 'none',
      auth: {},
      endpointOverride: { compute: `${server.origin}/compute` },
    });
    await fc.assert(
      fc.asyncProperty(mutated(page), (bytes) => {
        body = bytes;
        return expectTypedOutcome(async () => {
          for await (const _ of conn.compute.servers()) {
            // every item decoded, or a typed error
          }
        }, bytes);
      }),
      FUZZ,
    );
    await conn.close();
    server.close();
  });
});
