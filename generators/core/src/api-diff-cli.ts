/** The `npm run api-diff` entry point; see api-diff.ts. */
import { apiDiffMain } from './api-diff.js';
import { processIo } from './cli.js';

process.exitCode = await apiDiffMain(process.argv.slice(2), processIo);
