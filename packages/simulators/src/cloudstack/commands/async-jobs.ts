/** `queryAsyncJobResult` and `listAsyncJobs`. */
import { type CommandHandler, listArray, lookup } from '../context.js';

export const asyncJobCommands: Record<string, CommandHandler> = {
  queryAsyncJobResult: (context) => lookup(context, context.cloud.jobs, 'jobid'),
  // The real item key is `asyncjobs`, not the singular the naming rule would give.
  listAsyncJobs: (context) => listArray(context, context.cloud.jobs.list(), 'asyncjobs'),
};
