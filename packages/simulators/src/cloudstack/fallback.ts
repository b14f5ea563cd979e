/**
 * Answers for commands the simulator does not model, used only when the simulator is started with
 * `acceptUnknownCommands: true` (otherwise every unmodelled command is the server's 432). The
 * simulator must not read a `listApis` file at run time, so it recognises a command by its shape:
 * a verb CloudStack uses followed by a capitalised noun (`listHosts`, `createSnapshot`…). Such a
 * command gets a shape-correct but empty answer; anything else is still unknown to the server
 * (432). Approximated, see README.md.
 */
import type { CommandContext, Payload } from './context.js';

// Verbs whose commands are all (or, for `delete`, mostly) asynchronous in 4.18's listApis.
const ASYNC_VERBS = new Set([
  'activate',
  'apply',
  'associate',
  'attach',
  'authorize',
  'cancel',
  'clean',
  'copy',
  'declare',
  'delete',
  'deploy',
  'destroy',
  'detach',
  'disable',
  'disassociate',
  'expunge',
  'extract',
  'issue',
  'mark',
  'migrate',
  'notify',
  'patch',
  'reboot',
  'reconnect',
  'replace',
  'resize',
  'restart',
  'restore',
  'revert',
  'revoke',
  'run',
  'scale',
  'start',
  'stop',
  'suspend',
  'sync',
  'unmanage',
]);

// The other verbs that begin command names in 4.16.1–4.18.
const SYNC_VERBS = new Set([
  'acquire',
  'add',
  'archive',
  'assign',
  'change',
  'config',
  'configure',
  'create',
  'dedicate',
  'enable',
  'find',
  'generate',
  'get',
  'import',
  'is',
  'ldap',
  'link',
  'list',
  'lock',
  'login',
  'logout',
  'move',
  'prepare',
  'provision',
  'query',
  'quota',
  'recover',
  'register',
  'release',
  'remove',
  'reserve',
  'reset',
  'search',
  'setup',
  'synchronize',
  'update',
  'upgrade',
  'upload',
  'validate',
]);

const COMMAND_SHAPE = /^([a-z]+)[A-Z][A-Za-z0-9]*$/;

/** Whether the server could know `command`, judged by its shape. */
export function looksLikeCommand(command: string): boolean {
  const verb = COMMAND_SHAPE.exec(command)?.[1];
  return verb !== undefined && (ASYNC_VERBS.has(verb) || SYNC_VERBS.has(verb));
}

/**
 * `list*` → the empty list answer `{}`; async-looking commands → a job that succeeds with
 * `{"success": true}`; others → `{"success": true}`.
 */
export function fallbackAnswer(context: CommandContext): Payload {
  const verb = COMMAND_SHAPE.exec(context.command)?.[1] ?? '';
  if (verb === 'list') return {};
  if (ASYNC_VERBS.has(verb)) {
    const job = context.jobs.submit(context.command, { work: () => ({ success: true }) });
    return { jobid: job.jobid };
  }
  return { success: true };
}
