#!/usr/bin/env node
/**
 * `openstack-config [--cloud X] [--region Y] [--json]`: the resolved OpenStack configuration
 * (clouds.yaml, secure.yaml, clouds-public.yaml, OS_*), secrets masked. See `config/cli.ts`.
 */
import { runOpenstackConfig } from '../config/cli.js';

const code = await runOpenstackConfig(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
process.exitCode = code;
