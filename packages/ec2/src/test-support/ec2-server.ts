/**
 * A small EC2-ish server on 127.0.0.1 for the client's unit tests: it records every request and
 * answers with whatever the test says, and it checks SigV4 and SigV2 signatures with its own few
 * lines of node:crypto (written from the AWS documentation, sharing nothing with the runtime's
 * signer).
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server received it. */
export interface Received {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The form parameters, decoded. */
  params: Map<string, string>;
}

export type Handler = (request: Received, res: ServerResponse) => void;

export interface TestServer {
  readonly origin: string;
  readonly requests: Received[];
  /** Answers the next requests with `handler`. */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  let handler: Handler = (_request, res) => res.end();
  const requests: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const request: Received = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body,
        params: formParams(body),
      };
      requests.push(request);
      handler(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    handle(next) {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `a=b&c=d` → its pairs, percent-decoded (`+` is a plus: AWS forms encode spaces as `%20`). */
export function formParams(body: string): Map<string, string> {
  const params = new Map<string, string>();
  if (body === '') return params;
  for (const pair of body.split('&')) {
    const eq = pair.indexOf('=');
    const name = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
    params.set(name, eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1)));
  }
  return params;
}

/** RFC 3986 percent-encoding, as AWS signs. */
function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function header(request: Received, name: string): string {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

/**
 * Checks a SigV4 `Authorization` header (POST, parameters in the body) with `secret`, against the
 * Host header received: undefined when it verifies, else what is wrong.
 */
export function checkSigV4(request: Received, secret: string): string | undefined {
  const host = header(request, 'host');
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      header(request, 'authorization'),
    );
  if (match === null) return `not a SigV4 Authorization header: ${header(request, 'authorization')}`;
  const [, , day, region, service, signedHeaders, signature] = match as unknown as string[];
  const amzDate = header(request, 'x-amz-date');
  if (!amzDate.startsWith(day as string)) return 'X-Amz-Date is not of the credential day';
  const names = (signedHeaders as string).split(';');
  const canonicalHeaders = names
    .map((name) => `${name}:${name === 'host' ? host : header(request, name).trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const path = request.path.split('?')[0] as string;
  const canonicalRequest = [
    request.method,
    path
      .split('/')
      .map((segment) => rfc3986(decodeURIComponent(segment)))
      .join('/'),
    '',
    canonicalHeaders,
    signedHeaders,
    createHash('sha256').update(request.body).digest('hex'),
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  let key: Buffer = createHmac('sha256', `AWS4${secret}`)
    .update(day as string)
    .digest();
  for (const part of [region, service, 'aws4_request'])
    key = createHmac('sha256', key)
      .update(part as string)
      .digest();
  const expected = createHmac('sha256', key).update(stringToSign).digest('hex');
  return expected === signature ? undefined : 'SigV4 signature does not match';
}

/** Checks a SigV2 (HmacSHA256) signed form with `secret`: undefined when it verifies. */
export function checkSigV2(request: Received, secret: string): string | undefined {
  const host = header(request, 'host');
  const { params } = request;
  if (params.get('SignatureVersion') !== '2') return 'SignatureVersion is not 2';
  if (params.get('SignatureMethod') !== 'HmacSHA256') return 'SignatureMethod is not HmacSHA256';
  const signature = params.get('Signature');
  if (signature === undefined) return 'no Signature';
  const sorted = [...params.entries()]
    .filter(([name]) => name !== 'Signature')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`)
    .join('&');
  const path = request.path.split('?')[0] as string;
  const expected = createHmac('sha256', secret)
    .update(`${request.method}\n${host}\n${path}\n${sorted}`)
    .digest('base64');
  return expected === signature ? undefined : 'SigV2 signature does not match';
}

/** An EC2 error document as ec2-api writes it. */
export function errorXml(code: string, message: string, requestId = 'req-err-1'): string {
  return `<?xml version="1.0"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
}

/** A success document for `operation` with `inner` inside. */
export function answerXml(operation: string, inner: string, requestId = 'req-ok-1'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="http://ec2.amazonaws.com/doc/2014-10-01/"><requestId>${requestId}</requestId>${inner}</${operation}Response>`;
}

/** Sends `body` with `status` as XML. */
export function reply(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'text/xml', ...headers });
  res.end(body);
}
