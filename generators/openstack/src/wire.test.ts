/**
 * openapi-typescript 7 declares TypeScript 5 as its peer; the root `overrides` lets it run on our
 * TypeScript 6. Its output must not change for that: `fixtures/openapi-typescript-ts5.txt` is what
 * it printed for GOLDEN_SPEC under TypeScript 5.9.3 (openapi-typescript 7.13.0, installed apart for
 * the purpose); here it runs under the workspace's TypeScript. (The five pinned specs were checked
 * the same way once, byte for byte: see the package README.)
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { wireTypes } from './wire.js';

export const GOLDEN_SPEC = {
  openapi: '3.1.0',
  info: { title: 'Golden', version: '2.1' },
  paths: {
    '/v2/things/{id}': {
      parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string' } }],
      get: {
        operationId: 'things/id:get',
        description: 'Shows a thing.',
        parameters: [
          { in: 'query', name: 'tags', schema: { type: 'array', items: { type: 'string' } }, explode: false },
        ],
        responses: {
          '200': {
            description: 'Ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
        },
      },
      post: {
        operationId: 'things/id/action:post',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                oneOf: [{ $ref: '#/components/schemas/Start' }, { $ref: '#/components/schemas/Stop' }],
                'x-openstack': { discriminator: 'action' },
              },
            },
          },
        },
        responses: { '202': { description: 'Accepted' } },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        description: 'A thing.',
        properties: {
          thing: {
            type: 'object',
            properties: {
              id: { type: 'string', format: 'uuid' },
              status: { type: 'string', enum: ['ACTIVE', 'SHUTOFF'] },
              size: { type: ['integer', 'null'] },
              metadata: { type: 'object', additionalProperties: { type: 'string' } },
              locked: { type: 'boolean', 'x-openstack': { 'min-ver': '2.9' } },
            },
            required: ['id'],
          },
        },
      },
      Start: {
        type: 'object',
        properties: { 'os-start': { type: 'null' } },
        'x-openstack': { 'action-name': 'os-start' },
      },
      Stop: {
        type: 'object',
        properties: { 'os-stop': { type: 'null' } },
        'x-openstack': { 'action-name': 'os-stop' },
      },
    },
  },
};

describe('openapi-typescript under the workspace TypeScript', () => {
  it('runs on TypeScript 6', () => {
    expect(ts.version).toMatch(/^6\./);
  });

  it('prints what it printed under TypeScript 5', async () => {
    const golden = readFileSync(new URL('./fixtures/openapi-typescript-ts5.txt', import.meta.url), 'utf8');
    const { text, types } = await wireTypes(GOLDEN_SPEC);
    expect(text).toBe(golden);
    expect(types['Thing']).toEqual({
      fields: {
        thing: {
          type: '{ id: string; status?: "ACTIVE" | "SHUTOFF"; size?: number | null; metadata?: { [key: string]: string; }; locked?: boolean; }',
          required: false,
        },
      },
    });
  });
});
