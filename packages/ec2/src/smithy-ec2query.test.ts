/**
 * The Smithy `ec2Query` protocol tests that apply (see test-support/smithy-ec2query.ts for the
 * source and for what is left out), run on the serializer and the readers.
 */
import { describe, expect, it } from 'vitest';
import { serializeQuery } from './query.js';
import {
  ERROR_CASES,
  REQUEST_CASES,
  RESPONSE_CASES,
  SMITHY_PROTOCOL,
  SMITHY_SOURCE,
} from './test-support/smithy-ec2query.js';
import { readErrorResponse } from './xml-errors.js';
import { readResponse } from './xml-reader.js';

describe(`Smithy ec2Query request tests (${SMITHY_SOURCE.repository}@${SMITHY_SOURCE.commit.slice(0, 7)})`, () => {
  it.each(REQUEST_CASES.map((c) => [`${c.file} ${c.id}`, c] as const))('%s', (_name, c) => {
    expect(serializeQuery(SMITHY_PROTOCOL, c.operation, c.params)).toBe(c.body);
  });
});

describe(`Smithy ec2Query response tests (${SMITHY_SOURCE.repository}@${SMITHY_SOURCE.commit.slice(0, 7)})`, () => {
  it.each(RESPONSE_CASES.map((c) => [`${c.file} ${c.id}`, c] as const))('%s', (_name, c) => {
    const { output, requestId } = readResponse(SMITHY_PROTOCOL, c.operation, c.body);
    expect(output).toEqual(c.params);
    if (c.requestId !== undefined) expect(requestId).toBe(c.requestId);
  });
});

describe(`Smithy ec2Query error tests (${SMITHY_SOURCE.repository}@${SMITHY_SOURCE.commit.slice(0, 7)})`, () => {
  it.each(ERROR_CASES.map((c) => [`${c.file} ${c.id}`, c] as const))('%s', (_name, c) => {
    expect(readErrorResponse(c.body)).toMatchObject({
      code: c.code,
      message: c.message,
      requestId: c.requestId,
    });
  });
});
