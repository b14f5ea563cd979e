import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { importUndiciParts, loadUndici, requireUndiciParts } from './undici-parts.js';

const require = createRequire(import.meta.url);

describe('loadUndici', () => {
  it('gives dispatchers that can request without undici’s index being loaded', async () => {
    const { Agent } = await loadUndici();
    expect(Object.hasOwn(require.cache, require.resolve('undici'))).toBe(false);
    const agent = new Agent();
    try {
      expect(typeof agent.request).toBe('function');
      expect(typeof agent.connect).toBe('function');
    } finally {
      await agent.close();
    }
  });

  it('gives the classes and the request function of undici’s index', async () => {
    const parts = await loadUndici();
    const { request, connect } = new parts.Agent();
    const undici = await import('undici');
    expect(parts.Agent).toBe(undici.Agent);
    expect(parts.EnvHttpProxyAgent).toBe(undici.EnvHttpProxyAgent);
    expect(request).toBe(undici.Dispatcher.prototype.request);
    expect(connect).toBe(undici.Dispatcher.prototype.connect);
  });

  it('takes the same files through import() where require cannot reach them (a bundle)', async () => {
    const required = requireUndiciParts();
    expect(required).toHaveLength(4);
    expect(await importUndiciParts()).toEqual(required);
  });

  it('loads once per process', () => {
    expect(loadUndici()).toBe(loadUndici());
  });
});
