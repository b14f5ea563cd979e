import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GeneratorError } from './errors.js';
import { type Generator, runGenerator } from './generator.js';
import { assertNoOptionClash, optionClashes } from './option-clash.js';
import {
  type FakeIr,
  fakeGenerator,
  packageFolder,
  sampleApi,
  schemaFolder,
} from './test-support/fake-generator.js';

/** The runtime's CALL_OPTION_NAMES, as a generator passes them. */
const OPTIONS = ['timeout', 'signal', 'headers', 'query', 'retry'] as const;

/** The fake generator, as if each method took its parameters and its call options in one object. */
const sharingGenerator: Generator<FakeIr> = {
  ...fakeGenerator,
  emit(ir, out) {
    for (const [name, method] of Object.entries(ir.methods)) {
      assertNoOptionClash(Object.keys(method.params), `${name} parameters`, OPTIONS);
    }
    fakeGenerator.emit(ir, out);
  },
};

describe('optionClashes / assertNoOptionClash', () => {
  it('finds the model names that are also option names, sorted and once each', () => {
    expect(optionClashes(['zoneid', 'timeout', 'retry', 'timeout'], OPTIONS)).toEqual(['retry', 'timeout']);
    expect(optionClashes(['zoneid', 'Timeout', 'timeouts'], OPTIONS)).toEqual([]);
    expect(() => assertNoOptionClash(['zoneid', 'max'], 'listVirtualMachines', OPTIONS)).not.toThrow();
  });

  it('fails with a GeneratorError naming the place and every clash', () => {
    const failure = (() => {
      try {
        assertNoOptionClash(['reboot', 'timeout', 'signal'], 'HostService.upgrade parameters', OPTIONS);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(failure).toBeInstanceOf(GeneratorError);
    expect((failure as Error).message).toBe(
      "HostService.upgrade parameters: 'signal', 'timeout' are both a model name and a call option (timeout, signal, headers, query, retry) in one object; rename the parameter or keep the options apart",
    );
  });

  it('fails a generator run over an IR with a clash, and writes nothing', async () => {
    const clashing: FakeIr = {
      ...sampleApi,
      methods: {
        ...sampleApi.methods,
        upgradeHost: {
          params: {
            reboot: { type: 'boolean', required: false },
            timeout: { type: 'number', required: false },
          },
          returns: 'void',
        },
      },
    };
    const packageDir = packageFolder();
    const run = runGenerator(sharingGenerator, {
      packageDir,
      schemaDir: schemaFolder(clashing),
      schemaVersion: '1.0',
      pinId: 'fake@1.0 (example/fake@abc1234)',
    });
    await expect(run).rejects.toThrow(GeneratorError);
    await expect(run).rejects.toThrow(
      /^fake emitter: upgradeHost parameters: 'timeout' is both a model name and a call option/,
    );
    expect(existsSync(join(packageDir, 'src'))).toBe(false);
    expect(existsSync(join(packageDir, 'api-digest.json'))).toBe(false);

    // The same IR without the clash generates.
    const fine = await runGenerator(sharingGenerator, {
      packageDir,
      schemaDir: schemaFolder(sampleApi),
      schemaVersion: '1.0',
      pinId: 'fake@1.0 (example/fake@abc1234)',
    });
    expect(fine.files).toBe(2);
  });
});
