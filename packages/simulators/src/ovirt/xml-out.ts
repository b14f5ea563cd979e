/**
 * Building the engine's XML answers: elements, references to other objects (`<cluster href id/>`),
 * `<link rel href/>` elements, list documents and `<fault>` documents.
 */
import { buildXml, type XmlBuildElement, type XmlBuildNode } from '@overcast/runtime/xml';
import type { SimulatorResponse } from '../types.js';
import { API_PATH } from './paths.js';

const XML_CONTENT_TYPE = 'application/xml;charset=UTF-8';

/** An element with optional attributes and children; `undefined` children are left out. */
export function el(
  name: string,
  attributes: Record<string, string> | undefined,
  ...children: (XmlBuildNode | undefined)[]
): XmlBuildElement {
  return {
    name,
    ...(attributes === undefined ? {} : { attributes }),
    children: children.filter((child) => child !== undefined),
  };
}

/** `<name>value</name>`, or nothing when the value is undefined. */
export function leaf(
  name: string,
  value: string | number | boolean | undefined,
): XmlBuildElement | undefined {
  return value === undefined ? undefined : el(name, undefined, String(value));
}

/** The API path of an object: `/ovirt-engine/api/vms/ID`, or nested `…/vms/ID/nics/ID`. */
export function hrefOf(...segments: string[]): string {
  return `${API_PATH}/${segments.join('/')}`;
}

/** A reference to another object, as the engine writes links to single objects: `<cluster href id/>`. */
export function ref(tag: string, segments: string[]): XmlBuildElement {
  const id = segments.at(-1) ?? '';
  return el(tag, { href: hrefOf(...segments), id });
}

/** `<link href rel/>`: a followable link to a sub-collection. */
export function link(rel: string, href: string): XmlBuildElement {
  return el('link', { href, rel });
}

/** `<actions>` with one link per action the object accepts, as in every engine entity answer. */
export function actionLinks(href: string, actions: readonly string[]): XmlBuildElement {
  return el('actions', undefined, ...actions.map((action) => link(action, `${href}/${action}`)));
}

/** An XML answer with the engine's content type. */
export function xmlResponse(
  status: number,
  root: XmlBuildElement,
  headers: Record<string, string> = {},
): SimulatorResponse {
  return {
    status,
    headers: { 'content-type': XML_CONTENT_TYPE, ...headers },
    body: buildXml(root, { pretty: true }),
  };
}

/**
 * An error the engine reports as `<fault><reason/><detail/></fault>` with an HTTP status. Route
 * code throws it; the handler writes it.
 */
export class EngineFault extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'EngineFault';
  }

  toResponse(): SimulatorResponse {
    return xmlResponse(
      this.status,
      el('fault', undefined, leaf('reason', this.reason), leaf('detail', this.detail)),
    );
  }
}

/** The engine's answer for an unknown object id (`Entity not found: <id>`). */
export function notFound(id: string): EngineFault {
  return new EngineFault(404, 'Operation Failed', `Entity not found: ${id}`);
}

/** The engine's answer when a backend validation refuses an operation, e.g. starting a running VM. */
export function conflict(message: string): EngineFault {
  return new EngineFault(409, 'Operation Failed', `[${message}]`);
}

/** The engine's answer when a body lacks mandatory members, e.g. `Vm [name] required for add`. */
export function incomplete(type: string, members: string, method: string): EngineFault {
  return new EngineFault(400, 'Incomplete parameters', `${type} [${members}] required for ${method}`);
}
