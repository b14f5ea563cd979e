/** Plain-fetch helpers for the oVirt simulator's tests: sign in, call the API, read the XML answer. */
import { childElements, parseXml, textOf, type XmlElement } from '@overcast/runtime/xml';
import { SSO_TOKEN_PATH } from './paths.js';
import type { RunningOvirtSimulator } from './simulator.js';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, when it is XML. */
  xml: XmlElement | undefined;
}

/** Requests a token with the password grant; throws unless the SSO service hands one out. */
export async function signIn(sim: RunningOvirtSimulator): Promise<string> {
  const response = await fetch(`${sim.url}${SSO_TOKEN_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'password', scope: 'ovirt-app-api', ...sim.user }).toString(),
  });
  const json = (await response.json()) as { access_token?: string };
  if (response.status !== 200 || json.access_token === undefined)
    throw new Error(`sign-in failed: ${response.status}`);
  return json.access_token;
}

/** Calls `/ovirt-engine/api<path>` (or an absolute `/ovirt-engine/…` href) as the SDK does. */
export async function call(
  sim: RunningOvirtSimulator,
  token: string,
  method: string,
  path: string,
  body?: string,
  query: Record<string, string> = {},
): Promise<Answer> {
  const target = path.startsWith('/ovirt-engine/') ? `${sim.url}${path}` : `${sim.apiUrl}${path}`;
  const url = new URL(target);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      version: '4',
      accept: 'application/xml',
      ...(body === undefined ? {} : { 'content-type': 'application/xml' }),
    },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  const isXml = /xml/.test(response.headers.get('content-type') ?? '') && text !== '';
  return {
    status: response.status,
    headers: response.headers,
    text,
    xml: isXml ? parseXml(text) : undefined,
  };
}

/** The XML of an answer, failing with the status and body when there is none. */
export function xmlOf(answer: Answer): XmlElement {
  if (answer.xml === undefined) throw new Error(`expected XML, got ${answer.status}: ${answer.text}`);
  return answer.xml;
}

/** Text of the first child element with this name (`''` when missing). */
export function field(element: XmlElement, ...path: string[]): string {
  let current: XmlElement | undefined = element;
  for (const name of path) current = current && childElements(current, name)[0];
  return current === undefined ? '' : textOf(current);
}

/** `[reason, detail]` of a `<fault>` answer. */
export function faultOf(answer: Answer): [string, string] {
  const xml = xmlOf(answer);
  if (xml.name !== 'fault') throw new Error(`expected a fault, got <${xml.name}>`);
  return [field(xml, 'reason'), field(xml, 'detail')];
}

/** The `href` of `<link rel=…>` inside an element. */
export function linkHref(element: XmlElement, rel: string): string {
  const found = childElements(element, 'link').find((link) => link.attributes.rel === rel);
  if (found?.attributes.href === undefined) throw new Error(`no link '${rel}' in <${element.name}>`);
  return found.attributes.href;
}

/** Polls a VM until its status is `status` (each poll a real request; gives up after `timeoutMs`). */
export async function waitForStatus(
  sim: RunningOvirtSimulator,
  token: string,
  vmId: string,
  status: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = field(xmlOf(await call(sim, token, 'GET', `/vms/${vmId}`)), 'status');
    if (current === status) return;
    if (Date.now() > deadline) throw new Error(`VM ${vmId} still ${current}, not ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
