/**
 * `openstack-config [--cloud X] [--region Y] [--json]`: prints the resolved configuration of every
 * cloud and region (or of the one asked for) with secrets masked, as openstacksdk's
 * `python -m openstack.config.loader [cloud [region]]` prints it (without the passwords). A cloud
 * that cannot be resolved is reported on stderr and the others are still printed; the exit code is
 * then 1 (2 for a usage error).
 */
import { parseArgs } from 'node:util';
import { OvercastError } from '@overcast/runtime/errors';
import { type CloudConfig, CloudConfigSet, type LoaderOptions } from './loader.js';
import { formatCloudConfigs } from './print.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env?: LoaderOptions['env'];
  cwd?: string;
}

const USAGE = `usage: openstack-config [--cloud NAME] [--region NAME] [--json]

Prints the configuration openstacksdk would resolve from clouds.yaml, secure.yaml,
clouds-public.yaml and OS_* variables, secrets masked: every cloud and region, or
the cloud (--cloud, also --os-cloud) and region (--region, also --os-region-name) asked for.
  --json   one JSON array of { cloud, regionName, source, config }
`;

export async function runOpenstackConfig(argv: string[], io: CliIo): Promise<number> {
  let values: { cloud?: string; region?: string; json?: boolean; help?: boolean };
  try {
    const parsed = parseArgs({
      args: argv,
      options: {
        cloud: { type: 'string' },
        'os-cloud': { type: 'string' },
        region: { type: 'string' },
        'os-region-name': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    });
    values = {
      cloud: parsed.values.cloud ?? parsed.values['os-cloud'],
      region: parsed.values.region ?? parsed.values['os-region-name'],
      json: parsed.values.json,
      help: parsed.values.help,
    };
  } catch (error) {
    io.stderr(`openstack-config: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const options: LoaderOptions = {
    ...(io.env !== undefined ? { env: io.env } : {}),
    ...(io.cwd !== undefined ? { cwd: io.cwd } : {}),
  };
  const configs: CloudConfig[] = [];
  let failed = false;
  const attempt = async (run: () => Promise<CloudConfig>, what: string) => {
    try {
      configs.push(await run());
    } catch (error) {
      if (!(error instanceof OvercastError)) throw error;
      failed = true;
      io.stderr(`openstack-config: ${what}: ${error.message}\n`);
    }
  };
  let set: CloudConfigSet;
  try {
    set = await CloudConfigSet.load(options);
  } catch (error) {
    if (!(error instanceof OvercastError)) throw error;
    io.stderr(`openstack-config: ${error.message}\n`);
    return 1;
  }
  if (values.cloud !== undefined || values.region !== undefined) {
    const cloud = values.cloud;
    if (cloud !== undefined && values.region === undefined && set.cloudNames().includes(cloud)) {
      for (const region of await set.regionsOf(cloud)) {
        await attempt(() => set.resolve({ ...options, cloud, regionName: region }), `cloud ${cloud}`);
      }
    } else {
      await attempt(
        () =>
          set.resolve({
            ...options,
            ...(cloud !== undefined ? { cloud } : {}),
            ...(values.region !== undefined ? { regionName: values.region } : {}),
          }),
        `cloud ${cloud ?? set.defaultCloud ?? '(default)'}`,
      );
    }
  } else {
    for (const cloud of set.cloudNames()) {
      let regions: string[];
      try {
        regions = await set.regionsOf(cloud);
      } catch (error) {
        if (!(error instanceof OvercastError)) throw error;
        failed = true;
        io.stderr(`openstack-config: cloud ${cloud}: ${error.message}\n`);
        continue;
      }
      for (const region of regions) {
        await attempt(
          () => set.resolve({ ...options, cloud, regionName: region }),
          `cloud ${cloud}${region ? ` region ${region}` : ''}`,
        );
      }
    }
  }
  if (configs.length > 0 || values.json)
    io.stdout(formatCloudConfigs(configs, { json: values.json ?? false }));
  return failed ? 1 : 0;
}
