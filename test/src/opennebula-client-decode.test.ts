/**
 * Decoding every XML answer type of the API: for each method answering a document, a sample built
 * to its XSD (one item per list, so one-item lists must still come out as arrays) is decoded by
 * the client's decoder and checked against the XSD's shape.
 */
import { decodeDocument, METHODS } from '@overcast/opennebula';
import { describe, expect, it } from 'vitest';
import { expectShape, rootOf, sampleCalls } from './opennebula-client-python/samples.js';

describe('decoding every document the API answers', () => {
  const calls = sampleCalls();

  it('covers every pool info method', () => {
    const pools = Object.keys(METHODS).filter((m) => /pool\.info$/.test(m));
    expect(pools.length).toBe(20);
    expect(calls.map((c) => c.method)).toEqual(expect.arrayContaining(pools));
  });

  it.each(calls.map((c) => [c.method, c] as const))('%s', (method, call) => {
    const spec = METHODS[method]?.returns;
    if (typeof spec !== 'object' || !('document' in spec))
      throw new Error(`${method} does not answer a document`);
    const decoded = decodeDocument(call.xml, spec.document, spec.root);
    expectShape(decoded, rootOf(call.documentId));
  });
});
