/**
 * Which commands are reads, safe to send again: only these are retried (with the client's or the
 * call's `retry`); every other command is sent exactly once.
 *
 * A read is a synchronous command (not polled as a job: an async command always starts one) whose
 * name says it only looks: `list*`, `find*` (`findHostsForMigration`…), `search*` (`searchLdap`),
 * `get*` (`getVMPassword`, `getUser`, `getApiLimit`…) but not `getUploadParamsFor*`, which
 * registers a template, ISO or volume to upload; `is*`/`*IsEnabled` (`quotaIsEnabled`…); and
 * `queryAsyncJobResult`, the job poll. Of the 705 commands of listApis 4.18 that makes the 187
 * `list*` commands and 22 others. A command the table does not know is judged by its name alone.
 */
import type { CommandSpec } from './command-types.js';

const READ_NAME = /^(?:list|find|search|get|is)[A-Z]|IsEnabled$|^queryAsyncJobResult$/;
const NOT_A_READ = /^getUploadParamsFor/;

export function isRead(command: string, spec: CommandSpec | undefined): boolean {
  if (spec?.async) return false;
  return READ_NAME.test(command) && !NOT_A_READ.test(command);
}
