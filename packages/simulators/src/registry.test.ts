import { describe, expect, it } from 'vitest';
import { findSimulator, listSimulators, registerSimulator } from './registry.js';
import { startSimulator } from './server.js';

registerSimulator('echo', {
  description: 'answers with the request path',
  start: (options) =>
    startSimulator({ ...options, name: 'echo', handler: (request) => ({ status: 200, body: request.path }) }),
});
registerSimulator('another', { description: 'never started here', start: () => Promise.reject(new Error()) });

describe('simulator registry', () => {
  it('lists registered simulators sorted by name', () => {
    expect(listSimulators()).toEqual([
      { name: 'another', description: 'never started here' },
      { name: 'echo', description: 'answers with the request path' },
    ]);
  });

  it('starts a registered simulator with the given options', async () => {
    const definition = findSimulator('echo');
    if (!definition) throw new Error('echo is registered above');

    const simulator = await definition.start({ faults: { rules: [{ kind: 'error', times: 1 }] } });
    try {
      expect((await fetch(`${simulator.url}/first`)).status).toBe(503);
      expect(await (await fetch(`${simulator.url}/second`)).text()).toBe('/second');
    } finally {
      await simulator.close();
    }
  });

  it('answers undefined for an unknown name', () => {
    expect(findSimulator('nope')).toBeUndefined();
  });

  it('refuses a taken or malformed name', () => {
    const definition = { description: '', start: () => Promise.reject(new Error()) };

    expect(() => registerSimulator('echo', definition)).toThrow(
      "a simulator named 'echo' is already registered",
    );
    expect(() => registerSimulator('Echo Two', definition)).toThrow('lower-case letters, digits and dashes');
  });
});
