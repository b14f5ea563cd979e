/**
 * A minimal EC2 Query client for the simulator's tests: SigV4 (POST form body, Authorization
 * header) or SigV2 (HmacSHA256, GET or POST), signed here from the specifications, plus a small
 * reader that turns the answer into plain objects (`…Set/item` lists become arrays).
 */
import { createHash, createHmac } from 'node:crypto';

export interface CallOptions {
  signature?: 2 | 4;
  method?: 'GET' | 'POST';
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  /** The signing time (default now). */
  at?: Date;
  /** The API version sent (default 2014-10-01). */
  version?: string;
  /** SigV2's SignatureMethod (default HmacSHA256). */
  signatureMethod?: 'HmacSHA256' | 'HmacSHA1';
  /** Overrides the URL path (default the endpoint's). */
  path?: string;
}

export interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field
  body: any;
}

export interface Target {
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string; region: string };
}

function encode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function hmac(key: string | Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text, 'utf8').digest();
}

export async function call(
  target: Target,
  action: string,
  params: Record<string, string | number | boolean> = {},
  options: CallOptions = {},
): Promise<Answer> {
  const url = new URL(target.endpoint);
  if (options.path !== undefined) url.pathname = options.path;
  const accessKeyId = options.accessKeyId ?? target.credentials.accessKeyId;
  const secret = options.secretAccessKey ?? target.credentials.secretAccessKey;
  const at = options.at ?? new Date();
  const all: [string, string][] = [
    ['Action', action],
    ['Version', options.version ?? '2014-10-01'],
    ...Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]),
  ];
  let response: Response;
  if ((options.signature ?? 4) === 4) {
    const body = all.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
    const amzDate = at
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const date = amzDate.slice(0, 8);
    const region = options.region ?? target.credentials.region;
    const scope = `${date}/${region}/ec2/aws4_request`;
    const contentType = 'application/x-www-form-urlencoded; charset=utf-8';
    const canonical = [
      'POST',
      url.pathname,
      '',
      `content-type:${contentType}\nhost:${url.host}\nx-amz-date:${amzDate}\n`,
      'content-type;host;x-amz-date',
      createHash('sha256').update(body).digest('hex'),
    ].join('\n');
    const toSign = [
      'AWS4-HMAC-SHA256',
      amzDate,
      scope,
      createHash('sha256').update(canonical).digest('hex'),
    ].join('\n');
    let key = hmac(`AWS4${secret}`, date);
    for (const part of [region, 'ec2', 'aws4_request']) key = hmac(key, part);
    const signature = createHmac('sha256', key).update(toSign).digest('hex');
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-amz-date': amzDate,
        authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=content-type;host;x-amz-date, Signature=${signature}`,
      },
      body,
    });
  } else {
    const method = options.method ?? 'POST';
    const signatureMethod = options.signatureMethod ?? 'HmacSHA256';
    all.push(
      ['AWSAccessKeyId', accessKeyId],
      ['SignatureVersion', '2'],
      ['SignatureMethod', signatureMethod],
      ['Timestamp', at.toISOString().replace(/\.\d{3}/, '')],
    );
    const sorted = [...all].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const query = sorted.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
    const toSign = `${method}\n${url.host}\n${url.pathname}\n${query}`;
    const signature = createHmac(signatureMethod === 'HmacSHA1' ? 'sha1' : 'sha256', secret)
      .update(toSign)
      .digest('base64');
    const signed = `${query}&Signature=${encode(signature)}`;
    response =
      method === 'GET'
        ? await fetch(`${url.origin}${url.pathname}?${signed}`)
        : await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: signed,
          });
  }
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text,
    body: readXml(text),
  };
}

/** Calls and expects a 200; answers the response element's content. */
export async function ok(
  target: Target,
  action: string,
  params: Record<string, string | number | boolean> = {},
  options: CallOptions = {},
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field
): Promise<any> {
  const answer = await call(target, action, params, options);
  if (answer.status !== 200) throw new Error(`${action} answered ${answer.status}: ${answer.text}`);
  return answer.body[`${action}Response`];
}

/** The error of an answer: `{ status, code, message, requestId }`. */
export async function fails(
  target: Target,
  action: string,
  params: Record<string, string | number | boolean> = {},
  options: CallOptions = {},
): Promise<{ status: number; code: string; message: string; requestId: string }> {
  const answer = await call(target, action, params, options);
  const error = answer.body?.Response?.Errors?.Error;
  if (answer.status === 200 || error === undefined) {
    throw new Error(`${action} did not fail as expected: ${answer.status} ${answer.text}`);
  }
  return {
    status: answer.status,
    code: error.Code,
    message: error.Message,
    requestId: answer.body.Response.RequestID,
  };
}

interface Node {
  name: string;
  attributes: string;
  children: Node[];
  text: string;
}

/** A small reader for the simulator's own well-formed output (no DTDs, no CDATA, no comments). */
// biome-ignore lint/suspicious/noExplicitAny: see above
export function readXml(text: string): any {
  const root: Node = { name: '#root', attributes: '', children: [], text: '' };
  const stack: Node[] = [root];
  const token = /<\?[^>]*\?>|<\/([^\s>]+)\s*>|<([^\s/>]+)([^>]*?)(\/?)>|([^<]+)/g;
  for (const match of text.matchAll(token)) {
    const top = stack[stack.length - 1] as Node;
    if (match[1] !== undefined) stack.pop();
    else if (match[2] !== undefined) {
      const node: Node = { name: match[2], attributes: match[3] ?? '', children: [], text: '' };
      top.children.push(node);
      if (match[4] !== '/') stack.push(node);
    } else if (match[5] !== undefined) top.text += decodeEntities(match[5]);
  }
  return Object.fromEntries(root.children.map((child) => [child.name, toValue(child)]));
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : "'",
  );
}

// biome-ignore lint/suspicious/noExplicitAny: see above
function toValue(node: Node): any {
  if (node.children.length === 0) return node.text;
  if (node.children.every((child) => child.name === 'item')) return node.children.map(toValue);
  return Object.fromEntries(node.children.map((child) => [child.name, toValue(child)]));
}
