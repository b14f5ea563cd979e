import { describe, expect, it } from 'vitest';
import { SMITHY_MODEL, SMITHY_PROTOCOL } from '../../../packages/ec2/src/test-support/smithy-ec2query.js';
import { modelToIr } from './reader.js';
import { protocolTables } from './tables.js';

describe('protocolTables', () => {
  it('gives the Smithy ec2Query test service the table its protocol tests run on', () => {
    // The Smithy test model in botocore form goes through the same reader and naming rules as EC2's:
    // queryName, else locationName capitalised, else the member name; XML names from locationName.
    const ir = modelToIr(
      { service: SMITHY_MODEL, paginators: { pagination: {} }, waiters: { version: 2, waiters: {} } },
      { service: 'smithy service-2.json', paginators: 'paginators-1.json', waiters: 'waiters-2.json' },
    );
    expect(protocolTables(ir)).toEqual(SMITHY_PROTOCOL);
  });
});
