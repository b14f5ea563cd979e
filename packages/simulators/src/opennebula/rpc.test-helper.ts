/** A minimal XML-RPC caller for the simulator's own tests (the real client lives in @overcast/opennebula). */
import { childElements, parseXml, textOf, type XmlElement } from '@overcast/runtime/xml';
import {
  decodeMethodResponse,
  encodeMethodCall,
  type XmlRpcInput,
  type XmlRpcValue,
} from '@overcast/runtime/xmlrpc';

export async function rpc(endpoint: string, method: string, ...params: XmlRpcInput[]): Promise<XmlRpcValue> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: encodeMethodCall(method, params),
  });
  return decodeMethodResponse(await response.text());
}

/** Calls with `session` and returns the success value, failing the test on a failure array. */
export function oneClient(endpoint: string, session: string) {
  return async (method: string, ...params: XmlRpcInput[]): Promise<XmlRpcValue> => {
    const answer = await rpc(endpoint, method, session, ...params);
    if (!Array.isArray(answer) || answer[0] !== true)
      throw new Error(
        `${method} failed: ${JSON.stringify(answer, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`,
      );
    return answer[1] as XmlRpcValue;
  };
}

/** The text of the first descendant element at `path` (`TEMPLATE/NAME`). */
export function pick(document: XmlRpcValue | XmlElement, path: string): string | undefined {
  let element: XmlElement | undefined =
    typeof document === 'string' ? parseXml(document) : (document as XmlElement);
  for (const step of path.split('/'))
    element = element === undefined ? undefined : childElements(element, step)[0];
  return element === undefined ? undefined : textOf(element);
}

/** The child elements of the document's root named `name`. */
export function members(document: XmlRpcValue, name: string): XmlElement[] {
  return childElements(parseXml(document as string), name);
}

/** Polls `probe` until it returns true (the simulator's transitions are timed), failing after 10 s. */
export async function eventually(probe: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
