import { HttpResponse } from '@overcast/runtime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CloudStackApiError, CloudStackError } from './errors.js';
import { decodeResponse } from './response.js';

const answer = (status: number, body: string) =>
  new HttpResponse(status, { 'content-type': 'application/json' }, Buffer.from(body));

describe('decodeResponse', () => {
  it('unwraps the one envelope key, whatever its name', () => {
    expect(decodeResponse('listZones', answer(200, '{"listzonesresponse":{"count":1,"zone":[{}]}}'))).toEqual(
      {
        count: 1,
        zone: [{}],
      },
    );
    expect(decodeResponse('x', answer(200, '{"whatever":{}}'))).toEqual({});
  });

  it('maps an error answer to CloudStackApiError, string codes included', () => {
    const body =
      '{"errorresponse":{"errorcode":"432","cserrorcode":9999,"errortext":"The given command does not exist"}}';
    const error = (() => {
      try {
        return decodeResponse('nope', answer(432, body));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error).toMatchObject({ status: 432, errorcode: 432, cserrorcode: 9999, code: 432, body });
  });

  it('never fails with anything but a CloudStackError on arbitrary answers', () => {
    const bodies = fc.oneof(
      fc.string(),
      fc.json(),
      fc.dictionary(fc.string(), fc.jsonValue()).map((value) => JSON.stringify(value)),
      fc
        .dictionary(fc.string(), fc.dictionary(fc.string(), fc.jsonValue()))
        .map((value) => JSON.stringify(value)),
    );
    fc.assert(
      fc.property(fc.constantFrom(200, 401, 431, 530, 502), bodies, (status, body) => {
        try {
          const payload = decodeResponse('listZones', answer(status, body));
          expect(status).toBe(200);
          expect(typeof payload).toBe('object');
        } catch (error) {
          expect(error).toBeInstanceOf(CloudStackError);
        }
      }),
    );
  });
});
