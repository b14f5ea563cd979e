import diagnostics from 'node:diagnostics_channel';
import { errorViews } from '@overcast/runtime/error-views';
import {
  AbortError,
  ApiError,
  AuthError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  DecodeError,
  NotFoundError,
  OvercastError,
  ParameterError,
  PermissionError,
  RateLimitError,
  TimeoutError,
} from '@overcast/runtime/errors';
import { scrubSecrets } from '@overcast/runtime/secrets';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EC2, type EC2Options, isIdempotent, isReadOperation } from './client.js';
import { Ec2Error, Ec2WaiterError } from './errors.js';
import {
  answerXml,
  checkSigV2,
  checkSigV4,
  errorXml,
  type Received,
  reply,
  startTestServer,
  type TestServer,
} from './test-support/ec2-server.js';

const KEYS = { accessKeyId: 'AKIDEXAMPLE0001', secretAccessKey: 'client-test-secret-key-8e2f1c' };
const REGIONS = answerXml(
  'DescribeRegions',
  '<regionInfo><item><regionName>nova</regionName><regionEndpoint>http://api:8788/services/Cloud</regionEndpoint></item></regionInfo>',
);

let server: TestServer;
let endpoint: string;
const clients: EC2[] = [];

beforeAll(async () => {
  server = await startTestServer();
  endpoint = `${server.origin}/services/Cloud`;
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

/** A client of the test server with an empty environment (nothing from ~/.aws). */
function client(options: EC2Options = {}): EC2 {
  const made = new EC2({ endpoint, ...KEYS, region: 'nova', env: {}, ...options });
  clients.push(made);
  return made;
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function last(): Received {
  const request = server.requests.at(-1);
  if (request === undefined) throw new Error('no request reached the server');
  return request;
}

describe('construction', () => {
  it('takes boto’s host/port/path/isSecure as the endpoint', () => {
    const ec2 = new EC2({
      host: 'api-node',
      port: 8788,
      path: '/services/Cloud',
      isSecure: false,
      ...KEYS,
      env: {},
    });
    expect(ec2.endpoint).toBe('http://api-node:8788/services/Cloud');
    // boto's default region for an endpoint of one's own
    expect(ec2.region).toBe('us-east-1');
    expect(new EC2({ host: 'ec2.example', ...KEYS, region: 'r', env: {} }).endpoint).toBe(
      'https://ec2.example/',
    );
  });

  it('takes boto’s key names as aliases, and refuses two that disagree', () => {
    const ec2 = new EC2({
      endpoint,
      awsAccessKeyId: KEYS.accessKeyId,
      awsSecretAccessKey: KEYS.secretAccessKey,
      env: {},
    });
    expect(ec2.credentialSource).toBe('options');
    expect(() => new EC2({ endpoint, ...KEYS, awsSecretAccessKey: 'other-secret', env: {} })).toThrow(
      /"secretAccessKey" and "awsSecretAccessKey" disagree/,
    );
  });

  it('refuses user info in the endpoint without repeating it', () => {
    const error = (() => {
      try {
        new EC2({ endpoint: 'http://alice:s3cr3t-pass-99@api:8788/', ...KEYS, env: {} });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ParameterError);
    expect((error as Error).message).toMatch(/user info/);
    for (const view of errorViews(error)) expect(view).not.toContain('s3cr3t-pass-99');
  });

  it.each([
    [{ endpoint: 'api-node:8788' }, /http\(s\) URL/],
    [{ endpoint: 'ftp://api/' }, /http\(s\) URL, not ftp:/],
    [{ endpoint: 'http://api/?a=b' }, /query string/],
    [{ endpoint: 'http://api/', host: 'api' }, /either "endpoint" or boto's/],
    [{ endpoint: undefined, host: 'api', port: 70000 }, /port number/],
    [{ endpoint: undefined, host: 'api', path: 'services' }, /must start with "\/"/],
    [{ signatureVersion: 3 as 4 }, /must be 4 or 2/],
    [{ maxResponseSize: -1 }, /maxResponseSize/],
    [{ retry: -1 }, /retries must be a whole number/],
    [{ validateCerts: false, tls: { insecure: false } }, /disagree/],
  ] as const)('refuses %j', (options, message) => {
    expect(() => new EC2({ endpoint, ...KEYS, env: {}, ...options } as EC2Options)).toThrow(message);
  });

  it('needs an endpoint or a region, and credentials', () => {
    expect(() => new EC2({ ...KEYS, env: {} })).toThrow(/no endpoint and no region/);
    expect(new EC2({ ...KEYS, region: 'eu-west-1', env: {} }).endpoint).toBe(
      'https://ec2.eu-west-1.amazonaws.com/',
    );
    expect(() => new EC2({ endpoint, env: { HOME: '/nonexistent' }, accessKeyId: 'a' })).toThrow(
      /"accessKeyId" is given without "secretAccessKey"/,
    );
  });

  it('keeps no credential where it can be seen', () => {
    const ec2 = client({ sessionToken: 'session-token-for-test-77' });
    const shown = JSON.stringify(ec2) + String(Object.keys(ec2)) + JSON.stringify(ec2.options);
    expect(shown).not.toContain(KEYS.secretAccessKey);
    expect(shown).not.toContain('session-token-for-test-77');
  });

  it('has a method per operation, paginator and waiter, made once on the prototype', () => {
    const ec2 = client();
    expect(typeof ec2.describeInstances).toBe('function');
    expect(typeof ec2.runInstances).toBe('function');
    expect(typeof ec2.paginateDescribeInstances).toBe('function');
    expect(typeof ec2.waitUntilInstanceRunning).toBe('function');
    expect(Object.hasOwn(ec2, 'describeInstances')).toBe(false);
    expect(ec2.describeInstances).toBe(client().describeInstances);
  });
});

describe('requests', () => {
  it('sends SigV4 over a POST form body, to the endpoint’s path', async () => {
    server.handle((_request, res) => reply(res, 200, REGIONS));
    const answer = await client().describeRegions({ RegionNames: ['nova'] });
    expect(answer.Regions).toEqual([{ RegionName: 'nova', Endpoint: 'http://api:8788/services/Cloud' }]);
    expect(answer.$metadata).toEqual({ requestId: 'req-ok-1', httpStatusCode: 200, attempts: 1 });
    const request = last();
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/services/Cloud');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
    expect(request.body).toBe('Action=DescribeRegions&Version=2014-10-01&RegionName.1=nova');
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE0001\/\d{8}\/nova\/ec2\/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(checkSigV4(request, KEYS.secretAccessKey)).toBeUndefined();
    expect(checkSigV4(request, 'another-secret')).toMatch(/does not match/);
  });

  it('signs a session token (SigV4 header, SigV2 parameter)', async () => {
    server.handle((_request, res) => reply(res, 200, REGIONS));
    await client({ sessionToken: 'tok-123456' }).describeRegions();
    expect(last().headers['x-amz-security-token']).toBe('tok-123456');
    expect(last().headers.authorization).toMatch(
      /SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,/,
    );
    expect(checkSigV4(last(), KEYS.secretAccessKey)).toBeUndefined();
    await client({ sessionToken: 'tok-123456', signatureVersion: 2 }).describeRegions();
    expect(last().params.get('SecurityToken')).toBe('tok-123456');
    expect(checkSigV2(last(), KEYS.secretAccessKey)).toBeUndefined();
  });

  it('sends SigV2 with HmacSHA256 in the form body', async () => {
    server.handle((_request, res) => reply(res, 200, REGIONS));
    await client({ signatureVersion: 2 }).describeRegions({ RegionNames: ['a b', 'ü'] });
    const request = last();
    expect(request.method).toBe('POST');
    expect(request.headers.authorization).toBeUndefined();
    expect(request.body).toMatch(
      /^Action=DescribeRegions&Version=2014-10-01&RegionName\.1=a%20b&RegionName\.2=%C3%BC&AWSAccessKeyId=AKIDEXAMPLE0001&SignatureVersion=2&SignatureMethod=HmacSHA256&Timestamp=\d{4}-\d\d-\d\dT\d\d%3A\d\d%3A\d\dZ&Signature=/,
    );
    expect(checkSigV2(request, KEYS.secretAccessKey)).toBeUndefined();
  });

  it('serializes with the model (lists, structures, base64 user data) and refuses a wrong input unsent', async () => {
    server.handle((_request, res) =>
      reply(res, 200, answerXml('RunInstances', '<reservationId>r-1</reservationId><instancesSet/>')),
    );
    const reservation = await client().runInstances({
      ImageId: 'ami-1',
      MinCount: 1,
      MaxCount: 2,
      UserData: '#!/bin/sh\necho hi',
      SecurityGroups: ['web', 'ssh'],
      Placement: { AvailabilityZone: 'nova' },
    });
    expect(reservation).toMatchObject({ ReservationId: 'r-1', Instances: [] });
    expect([...last().params]).toEqual([
      ['Action', 'RunInstances'],
      ['Version', '2014-10-01'],
      ['ImageId', 'ami-1'],
      ['MinCount', '1'],
      ['MaxCount', '2'],
      ['UserData', Buffer.from('#!/bin/sh\necho hi').toString('base64')],
      ['SecurityGroup.1', 'web'],
      ['SecurityGroup.2', 'ssh'],
      ['Placement.AvailabilityZone', 'nova'],
    ]);
    server.requests.length = 0;
    const error = await failure(() => client().runInstances({ ImageId: 'ami-1', MinCount: 1 } as never));
    expect(error).toBeInstanceOf(ParameterError);
    expect((error as Error).message).toBe('RunInstances: missing required parameter MaxCount');
    expect(await failure(() => client().describeInstances({ InstanceId: 'i-1' } as never))).toBeInstanceOf(
      ParameterError,
    );
    expect(await failure(() => client().send('NoSuchThing' as never))).toBeInstanceOf(ParameterError);
    expect(server.requests).toHaveLength(0);
  });

  it('adds the call’s headers and extra query parameters (the model’s own win), signed', async () => {
    server.handle((_request, res) => reply(res, 200, REGIONS));
    await client().describeRegions(
      { RegionNames: ['nova'] },
      { headers: { 'x-trace': 'abc' }, query: { Extra: 'yes', Action: 'Evil', Skip: undefined } },
    );
    expect(last().headers['x-trace']).toBe('abc');
    expect(last().body).toBe('Action=DescribeRegions&Version=2014-10-01&RegionName.1=nova&Extra=yes');
    expect(checkSigV4(last(), KEYS.secretAccessKey)).toBeUndefined();
  });
});

describe('errors by kind', () => {
  it.each([
    ['AuthFailure', 401, AuthError],
    ['SignatureDoesNotMatch', 403, AuthError],
    ['InvalidClientTokenId', 400, AuthError],
    ['MissingAuthenticationToken', 400, AuthError],
    ['UnauthorizedOperation', 400, PermissionError],
    ['InvalidInstanceID.NotFound', 400, NotFoundError],
    ['InvalidKeyPair.NotFound', 400, NotFoundError],
    ['InvalidKeyPair.Duplicate', 400, ConflictError],
    ['IncorrectState', 400, ConflictError],
    ['IncorrectInstanceState', 400, ConflictError],
    ['InvalidGroup.InUse', 400, ConflictError],
    ['VolumeInUse', 400, ConflictError],
    ['RequestLimitExceeded', 503, RateLimitError],
    ['Throttling', 400, RateLimitError],
    ['InvalidParameterValue', 400, BadRequestError],
    ['MissingParameter', 400, BadRequestError],
    ['InvalidAction', 400, BadRequestError],
    ['InvalidParameterCombination', 400, BadRequestError],
    ['InvalidInstanceID.Malformed', 400, BadRequestError],
  ] as const)(
    '%s (HTTP %i) is a %s and an Ec2Error, with code, message and request id',
    async (code, status, Kind) => {
      server.handle((_request, res) =>
        reply(res, status, errorXml(code, `the server says ${code}`, 'req-77')),
      );
      const error = await failure(() => client().describeInstances({ InstanceIds: ['i-1'] }));
      expect(error).toBeInstanceOf(Kind);
      expect(error).toBeInstanceOf(Ec2Error);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({
        code,
        serverMessage: `the server says ${code}`,
        requestId: 'req-77',
        status,
        method: 'POST',
        url: endpoint,
        operation: 'DescribeInstances',
        errors: [{ code, message: `the server says ${code}` }],
      });
      expect((error as Error).message).toBe(
        `An error occurred (${code}) when calling the DescribeInstances operation: the server says ${code}`,
      );
      expect((error as ApiError).body).toContain('<Response><Errors>');
    },
  );

  it('an unknown code is a plain Ec2Error (an ApiError of no narrower kind)', async () => {
    server.handle((_request, res) => reply(res, 400, errorXml('InsufficientInstanceCapacity', 'no room')));
    const error = await failure(() => client().describeInstances());
    expect(error).toBeInstanceOf(Ec2Error);
    expect(error).toBeInstanceOf(ApiError);
    for (const Kind of [
      AuthError,
      NotFoundError,
      ConflictError,
      BadRequestError,
      RateLimitError,
      PermissionError,
    ]) {
      expect(error).not.toBeInstanceOf(Kind);
    }
    expect((error as Ec2Error).name).toBe('Ec2Error');
  });

  it.each([
    [502, ApiError, 'Ec2Error'],
    [401, AuthError, 'Ec2AuthError'],
    [403, PermissionError, 'Ec2PermissionError'],
    [404, ApiError, 'Ec2Error'],
  ] as const)('an HTML page with HTTP %i is an Ec2Error of its status’s kind', async (status, Kind, name) => {
    server.handle((_request, res) => {
      res.writeHead(status, { 'content-type': 'text/html' });
      res.end('<html><body><h1>Bad Gateway</h1></body></html>');
    });
    const error = await failure(() => client().describeRegions());
    expect(error).toBeInstanceOf(Kind);
    expect(error).toBeInstanceOf(Ec2Error);
    expect((error as Error).name).toBe(name);
    expect((error as ApiError).status).toBe(status);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^DescribeRegions: HTTP ${status} answer is not an EC2 error \\(text/html\\): <html>.*Bad Gateway`,
      ),
    );
  });

  it.each([
    ['a truncated answer', 200, answerXml('DescribeRegions', '<regionInfo><item>').slice(0, -30)],
    ['a truncated error', 400, errorXml('AuthFailure', 'x').slice(0, 60)],
    [
      'an answer with a DTD',
      200,
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><DescribeRegionsResponse>&a;</DescribeRegionsResponse>',
    ],
    ['an error with a DTD', 400, '<!DOCTYPE Response SYSTEM "file:///etc/passwd"><Response/>'],
    ['an HTML page with HTTP 200', 200, '<html><body>Welcome<br></body></html>'],
    ['another document with HTTP 200', 200, '<html><body>Welcome</body></html>'],
  ])('%s is a DecodeError', async (_what, status, body) => {
    server.handle((_request, res) => reply(res, status, body));
    const error = await failure(() => client().describeRegions());
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as Error).message).toMatch(/^DescribeRegions: the (error )?answer/);
  });

  it('an answer larger than the limit is a DecodeError naming maxResponseSize', async () => {
    server.handle((_request, res) => reply(res, 200, answerXml('DescribeRegions', ' '.repeat(5000))));
    const error = await failure(() => client({ maxResponseSize: 1000 }).describeRegions());
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as Error).message).toMatch(
      /size limit of 1000 bytes: raise the client option maxResponseSize/,
    );
  });

  it('an answer that is not UTF-8 is a DecodeError', async () => {
    server.handle((_request, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        Buffer.concat([
          Buffer.from('<DescribeRegionsResponse>'),
          Buffer.from([0xc3, 0x28]),
          Buffer.from('</DescribeRegionsResponse>'),
        ]),
      );
    });
    const error = await failure(() => client().describeRegions());
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as Error).message).toMatch(/UTF-8/);
  });

  it('a redirect is not followed and its Location is named', async () => {
    server.handle((_request, res) => {
      res.writeHead(301, { location: 'https://elsewhere.example/services/Cloud' });
      res.end();
    });
    const error = await failure(() => client().describeRegions());
    expect(error).toBeInstanceOf(Ec2Error);
    expect((error as Error).message).toContain('https://elsewhere.example/services/Cloud');
    expect(server.requests).toHaveLength(1);
  });

  it('keeps the secret key, the token and the signature out of every view of an echoing error', async () => {
    server.handle((request, res) => {
      res.writeHead(400, { 'content-type': 'text/xml' });
      res.end(
        errorXml(
          'AuthFailure',
          escapeXml(
            `you sent ${JSON.stringify(request.headers)} ${request.body} with ${KEYS.secretAccessKey}`,
          ),
        ),
      );
    });
    for (const signatureVersion of [4, 2] as const) {
      const error = await failure(() =>
        client({ signatureVersion, sessionToken: 'token-for-echo-test-3' }).describeRegions(),
      );
      const request = last();
      const signature =
        signatureVersion === 2
          ? (request.params.get('Signature') as string)
          : (/Signature=([0-9a-f]+)/.exec(String(request.headers.authorization))?.[1] as string);
      expect(signature.length).toBeGreaterThan(10);
      expect(error).toBeInstanceOf(AuthError);
      for (const view of errorViews(error)) {
        for (const secret of [
          KEYS.secretAccessKey,
          'token-for-echo-test-3',
          signature,
          encodeURIComponent(signature),
        ])
          expect(view).not.toContain(secret);
      }
    }
  });

  it('forgets the secret key on close', async () => {
    const secret = 'forgotten-on-close-secret-5';
    const ec2 = new EC2({ endpoint, accessKeyId: 'AK', secretAccessKey: secret, env: {} });
    expect(scrubSecrets(`x ${secret} y`)).not.toContain(secret);
    await ec2.close();
    expect(scrubSecrets(`x ${secret} y`)).toContain(secret);
  });
});

describe('answers read as they arrive', () => {
  it('reads a large answer without holding its body', async () => {
    const instances = Array.from(
      { length: 60_000 },
      (_, i) =>
        `<item><instanceId>i-${i}</instanceId><imageId>ami-1</imageId><instanceState><code>16</code><name>running</name></instanceState>` +
        `<launchTime>2026-01-01T00:00:00.000Z</launchTime><placement><availabilityZone>nova</availabilityZone></placement></item>`,
    );
    const pieces = [
      '<?xml version="1.0" encoding="UTF-8"?>\n<DescribeInstancesResponse><requestId>req-big</requestId>' +
        '<reservationSet><item><reservationId>r-1</reservationId><instancesSet>',
      ...instances,
      '</instancesSet></item></reservationSet></DescribeInstancesResponse>',
    ];
    const bodyBytes = pieces.reduce((sum, piece) => sum + Buffer.byteLength(piece), 0);
    server.handle((_request, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      let next = 0;
      const pump = () => {
        while (next < pieces.length) if (!res.write(pieces[next++])) return void res.once('drain', pump);
        res.end();
      };
      pump();
    });
    let peakBuffers = 0;
    const sampler = setInterval(() => {
      peakBuffers = Math.max(peakBuffers, process.memoryUsage().arrayBuffers);
    }, 1);
    const before = process.memoryUsage().arrayBuffers;
    try {
      const answer = await client().describeInstances();
      const read = answer.Reservations?.[0]?.Instances ?? [];
      expect(read).toHaveLength(60_000);
      expect(read[59_999]).toMatchObject({ InstanceId: 'i-59999', State: { Code: 16, Name: 'running' } });
      expect(answer.$metadata.requestId).toBe('req-big');
    } finally {
      clearInterval(sampler);
    }
    expect(bodyBytes).toBeGreaterThan(12_000_000);
    expect(peakBuffers - before).toBeLessThan(bodyBytes / 2);
  });

  it('reads an error document answered with HTTP 200 as the error it is', async () => {
    server.handle((_request, res) =>
      reply(res, 200, errorXml('AuthFailure', 'signature mismatch', 'req-200')),
    );
    const error = await failure(() => client().describeRegions());
    expect(error).toBeInstanceOf(Ec2Error);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'AuthFailure', requestId: 'req-200' });
  });

  it('names the operation when a streamed answer is not well-formed', async () => {
    server.handle((_request, res) => reply(res, 200, '<DescribeRegionsResponse><regionInfo>'));
    const error = await failure(() => client().describeRegions());
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as Error).message).toMatch(
      /^DescribeRegions: the answer \(HTTP 200\) cannot be read as EC2 XML: .*unclosed tag/,
    );
  });
});

describe('retries', () => {
  it('retries a read on throttling, 503 and resets, signing each attempt', async () => {
    let count = 0;
    server.handle((request, res) => {
      count++;
      if (count === 1) return reply(res, 503, errorXml('RequestLimitExceeded', 'slow down'));
      if (count === 2) return reply(res, 400, errorXml('Throttling', 'slow down'));
      if (count === 3) return reply(res, 503, 'Service Unavailable');
      if (count === 4) return request.headers && res.socket?.destroy();
      return reply(res, 200, REGIONS);
    });
    const answer = await client({ retry: { retries: 5, minDelay: 1, maxDelay: 5 } }).describeRegions();
    expect(answer.$metadata.attempts).toBe(5);
    expect(server.requests).toHaveLength(5);
    for (const request of server.requests) expect(checkSigV4(request, KEYS.secretAccessKey)).toBeUndefined();
  });

  it('does not retry what is not transient, nor without retry', async () => {
    server.handle((_request, res) => reply(res, 400, errorXml('InvalidParameterValue', 'no')));
    await failure(() => client({ retry: 3 }).describeRegions());
    expect(server.requests).toHaveLength(1);
    server.handle((_request, res) => reply(res, 503, errorXml('RequestLimitExceeded', 'no')));
    server.requests.length = 0;
    const error = await failure(() => client().describeRegions());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(server.requests).toHaveLength(1);
  });

  it('sends a write once, even with retry; a ClientToken makes it idempotent', async () => {
    server.handle((_request, res) => reply(res, 503, errorXml('RequestLimitExceeded', 'busy')));
    const ec2 = client({ retry: { retries: 3, minDelay: 1, maxDelay: 2 } });
    const run = { ImageId: 'ami-1', MinCount: 1, MaxCount: 1 };
    expect(await failure(() => ec2.runInstances(run))).toBeInstanceOf(RateLimitError);
    expect(server.requests).toHaveLength(1);
    server.requests.length = 0;
    expect(await failure(() => ec2.runInstances({ ...run, ClientToken: 'once-1' }))).toBeInstanceOf(
      RateLimitError,
    );
    expect(server.requests).toHaveLength(4);
    const asked = await failure(() => client().terminateInstances({ InstanceIds: ['i-1'] }, { retry: 2 }));
    expect(asked).toBeInstanceOf(ParameterError);
    expect((asked as Error).message).toMatch(/TerminateInstances .* is not safe to repeat/);
  });

  it('knows reads and idempotent writes', () => {
    expect(isReadOperation('DescribeInstances')).toBe(true);
    expect(isReadOperation('GetConsoleOutput')).toBe(true);
    expect(isReadOperation('RunInstances')).toBe(false);
    expect(isIdempotent('RunInstances', { ClientToken: 't' })).toBe(true);
    expect(isIdempotent('RunInstances', { ClientToken: '' })).toBe(false);
    expect(isIdempotent('TerminateInstances', { ClientToken: 't' })).toBe(false);
  });

  it('honours Retry-After on a 503', async () => {
    let count = 0;
    const times: number[] = [];
    server.handle((_request, res) => {
      times.push(performance.now());
      if (count++ === 0) return reply(res, 503, 'busy', { 'retry-after': '1' });
      return reply(res, 200, REGIONS);
    });
    await client({ retry: { retries: 1, minDelay: 1, maxDelay: 2000 } }).describeRegions();
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(950);
  });
});

describe('call options', () => {
  it('timeout is a TimeoutError, signal an AbortError', async () => {
    server.handle((_request, res) => setTimeout(() => reply(res, 200, REGIONS), 1500));
    const timedOut = await failure(() => client().describeRegions({}, { timeout: 100 }));
    expect(timedOut).toBeInstanceOf(TimeoutError);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const aborted = await failure(() => client().describeRegions({}, { signal: controller.signal }));
    expect(aborted).toBeInstanceOf(AbortError);
  });

  it('a refused connection is a ConnectionError', async () => {
    const error = await failure(() =>
      new EC2({ endpoint: 'http://127.0.0.1:1/', ...KEYS, env: {} }).describeRegions(),
    );
    expect(error).toBeInstanceOf(ConnectionError);
  });
});

describe('paginators and waiters', () => {
  const instance = (id: string, state: string) =>
    `<item><instanceId>${id}</instanceId><instanceState><code>0</code><name>${state}</name></instanceState></item>`;
  const page = (items: string, token?: string) =>
    answerXml(
      'DescribeInstances',
      `<reservationSet><item><reservationId>r-1</reservationId><instancesSet>${items}</instancesSet></item></reservationSet>` +
        (token === undefined ? '' : `<nextToken>${token}</nextToken>`),
    );

  it('pages with NextToken and MaxResults', async () => {
    server.handle((request, res) => {
      const token = request.params.get('NextToken');
      if (token === undefined) return reply(res, 200, page(instance('i-1', 'running'), 'MQ=='));
      if (token === 'MQ==') return reply(res, 200, page(instance('i-2', 'running'), 'Mg=='));
      return reply(res, 200, page(instance('i-3', 'running')));
    });
    const ids: string[] = [];
    for await (const answer of client().paginateDescribeInstances({}, { pageSize: 1 })) {
      for (const r of answer.Reservations ?? [])
        for (const i of r.Instances ?? []) ids.push(i.InstanceId ?? '');
      expect(answer.$metadata.httpStatusCode).toBe(200);
    }
    expect(ids).toEqual(['i-1', 'i-2', 'i-3']);
    expect(server.requests.map((r) => [r.params.get('MaxResults'), r.params.get('NextToken')])).toEqual([
      ['1', undefined],
      ['1', 'MQ=='],
      ['1', 'Mg=='],
    ]);
  });

  it('asks for the next page while the consumer is still on this one', async () => {
    server.handle((request, res) => {
      const token = request.params.get('NextToken');
      if (token === undefined) return reply(res, 200, page(instance('i-1', 'running'), 'MQ=='));
      if (token === 'MQ==') return reply(res, 200, page(instance('i-2', 'running'), 'Mg=='));
      return reply(res, 200, page(instance('i-3', 'running')));
    });
    const pages = client().paginateDescribeInstances({}, { pageSize: 1 });
    const first = await pages.next();
    expect(first.value?.Reservations?.[0]?.Instances?.[0]?.InstanceId).toBe('i-1');
    // Page 2 was asked for before page 1 was handed over; page 3 waits until page 2 is wanted.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests.map((r) => r.params.get('NextToken'))).toEqual([undefined, 'MQ==']);
    const rest: string[] = [];
    for await (const answer of pages) rest.push(answer.Reservations?.[0]?.Instances?.[0]?.InstanceId ?? '');
    expect(rest).toEqual(['i-2', 'i-3']);
    expect(server.requests).toHaveLength(3);
  });

  it('has sent the next page’s request before it decodes this one', async () => {
    server.handle((request, res) => {
      const token = request.params.get('NextToken');
      if (token === undefined) return reply(res, 200, page(instance('i-1', 'running'), 'MQ=='));
      return reply(res, 200, page(instance('i-2', 'running')));
    });
    // undici writes a request to a kept-alive socket a turn of the event loop after it is made;
    // a page decoded before that turn would keep the server waiting for as long as it takes.
    let sent = 0;
    const count = () => sent++;
    diagnostics.subscribe('undici:client:sendHeaders', count);
    try {
      const pages = client().paginateDescribeInstances({}, { pageSize: 1 });
      await pages.next();
      expect(sent).toBe(2);
      for await (const _ of pages);
    } finally {
      diagnostics.unsubscribe('undici:client:sendHeaders', count);
    }
  });

  it('holds a page to maxResponseSize, and refuses one that is not UTF-8 or holds a character XML forbids', async () => {
    const listAll = async (options: EC2Options = {}) => {
      for await (const _ of client(options).paginateDescribeInstances({}, { pageSize: 1 }));
    };
    server.handle((_request, res) => reply(res, 200, page(instance('i-1', 'running'), 'MQ==')));
    const tooLarge = await failure(() => listAll({ maxResponseSize: 200 }));
    expect(tooLarge).toBeInstanceOf(DecodeError);
    expect((tooLarge as Error).message).toMatch(
      /size limit of 200 bytes: raise the client option maxResponseSize/,
    );
    // Without the option, a page is held to 64 MiB (an answer read as it arrives may be larger).
    server.handle((_request, res) => {
      const [head, tail] = page(instance('i-1', 'running'), 'MQ==').split('<instanceId>');
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.write(`${head}<instanceId>`);
      const mebibyte = Buffer.alloc(1024 * 1024, ' ');
      for (let i = 0; i < 65; i++) res.write(mebibyte);
      res.end(tail);
    });
    const pastDefault = await failure(() => listAll());
    expect((pastDefault as Error).message).toMatch(/size limit of 67108864 bytes/);
    for (const [bad, reason] of [
      [Buffer.from([0xc3, 0x28]), /not valid UTF-8/],
      [Buffer.from('\u0001'), /character U\+0001 at offset \d+ is not allowed/],
    ] as const) {
      server.handle((_request, res) => {
        const [head, tail] = page(instance('i-1', 'running'), 'MQ==').split('<instanceId>');
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(Buffer.concat([Buffer.from(`${head}<instanceId>`), bad, Buffer.from(tail as string)]));
      });
      const error = await failure(() => listAll());
      expect(error).toBeInstanceOf(DecodeError);
      expect((error as Error).message).toMatch(
        /^DescribeInstances: the answer \(HTTP 200\) cannot be read as EC2 XML/,
      );
      expect((error as Error).message).toMatch(reason);
    }
  });

  it('drops a token read off the raw answer that the decoded answer does not confirm', async () => {
    // The answer's own token comes first here, and a `nextToken` element inside an item (which
    // the reader skips as unknown) is the last one in the text: the guess is wrong.
    const decoyLast = answerXml(
      'DescribeInstances',
      '<nextToken>MQ==</nextToken><reservationSet><item><reservationId>r-1</reservationId><instancesSet>' +
        instance('i-1', 'running').replace('</instanceId>', '</instanceId><nextToken>decoy</nextToken>') +
        '</instancesSet></item></reservationSet>',
    );
    server.handle((request, res) => {
      const token = request.params.get('NextToken');
      if (token === undefined) return reply(res, 200, decoyLast);
      if (token === 'decoy') return reply(res, 400, errorXml('InvalidParameterValue', 'bad token'));
      return reply(res, 200, page(instance('i-2', 'running')));
    });
    const ids: string[] = [];
    for await (const answer of client().paginateDescribeInstances({}, { pageSize: 1 })) {
      for (const r of answer.Reservations ?? [])
        for (const i of r.Instances ?? []) ids.push(i.InstanceId ?? '');
    }
    expect(ids).toEqual(['i-1', 'i-2']);
    const asked = server.requests.map((r) => r.params.get('NextToken'));
    expect(asked.filter((token) => token !== 'decoy')).toEqual([undefined, 'MQ==']);
  });

  it('waits until the instance runs, with the given pace', async () => {
    let count = 0;
    server.handle((_request, res) =>
      reply(res, 200, page(instance('i-1', count++ < 2 ? 'pending' : 'running'))),
    );
    const answer = await client().waitUntilInstanceRunning(
      { InstanceIds: ['i-1'] },
      { minDelay: 5, maxDelay: 10, timeout: 5000 },
    );
    expect(answer.Reservations?.[0]?.Instances?.[0]?.State?.Name).toBe('running');
    expect(server.requests).toHaveLength(3);
  });

  it('a failure state is an Ec2WaiterError, a ConflictError; the timeout a TimeoutError', async () => {
    server.handle((_request, res) => reply(res, 200, page(instance('i-1', 'terminated'))));
    const failed = await failure(() =>
      client().waitUntilInstanceRunning({ InstanceIds: ['i-1'] }, { minDelay: 5 }),
    );
    expect(failed).toBeInstanceOf(Ec2WaiterError);
    expect(failed).toBeInstanceOf(ConflictError);
    expect(failed).toBeInstanceOf(Ec2Error);
    expect(failed).toMatchObject({ waiter: 'InstanceRunning', operation: 'DescribeInstances' });
    expect((failed as Error).message).toMatch(/terminated/);
    server.handle((_request, res) => reply(res, 200, page(instance('i-1', 'pending'))));
    const slow = await failure(() =>
      client().waitUntilInstanceRunning({ InstanceIds: ['i-1'] }, { minDelay: 5, timeout: 100 }),
    );
    expect(slow).toBeInstanceOf(TimeoutError);
    expect(slow).toBeInstanceOf(OvercastError);
  });

  it('a wrong waiter input fails before any request', async () => {
    const error = await failure(() => client().waitUntilInstanceRunning({ Bogus: 1 } as never));
    expect(error).toBeInstanceOf(ParameterError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('debug logging', () => {
  it('logs each request, redacted, bodies with trace', async () => {
    const lines: string[] = [];
    const logger = {
      debug: (...args: unknown[]) => lines.push(args.map(String).join(' ')),
      info() {},
      warn() {},
      error() {},
    };
    server.handle((_request, res) => reply(res, 200, REGIONS));
    await client({ debug: 'trace', logger, signatureVersion: 2 }).describeRegions();
    const text = lines.join('\n');
    expect(text).toMatch(/POST/);
    expect(text).toContain('Action=DescribeRegions');
    const signature = last().params.get('Signature') as string;
    expect(text).not.toContain(encodeURIComponent(signature));
    expect(text).not.toContain(KEYS.secretAccessKey);
  });
});
