/**
 * The `/client/api` endpoint: collects the parameters (query string and form body), verifies the
 * signature, and dispatches the command to its handler; an unknown command is the server's 432,
 * or, with `acceptUnknownCommands`, the fallback's empty answer.
 */
import type { SimulatorHandler, SimulatorRequest, SimulatorResponse } from '../types.js';
import { asyncJobCommands } from './commands/async-jobs.js';
import { catalogCommands } from './commands/catalog.js';
import { networkingCommands } from './commands/networking.js';
import { tagCommands } from './commands/tags.js';
import { virtualMachineCommands } from './commands/virtual-machines.js';
import { volumeCommands } from './commands/volumes.js';
import type { CommandContext, CommandHandler } from './context.js';
import { errorAnswer, jsonAnswer, responseName } from './envelope.js';
import { CloudStackFault, ErrorCode, UNAUTHORIZED_TEXT, UNKNOWN_COMMAND_TEXT } from './errors.js';
import { fallbackAnswer, looksLikeCommand } from './fallback.js';
import { Parameters } from './params.js';
import { type ReceivedParameter, verifyRequest } from './signature.js';

export const API_PATH = '/client/api';

// A Map, so that names such as `constructor` or `toString` are not found on a prototype.
const COMMANDS = new Map<string, CommandHandler>(
  Object.entries({
    ...catalogCommands,
    ...virtualMachineCommands,
    ...volumeCommands,
    ...networkingCommands,
    ...tagCommands,
    ...asyncJobCommands,
  }),
);

/** Commands the simulator models with state (the others are 432, or the fallback's empty answers). */
export const MODELLED_COMMANDS: readonly string[] = [...COMMANDS.keys()].sort();

export interface ApiHandlerOptions {
  /** The secret of an API key, or undefined when no account has it. */
  secretOf: (apiKey: string) => string | undefined;
  /** Answer unmodelled commands shaped like CloudStack commands with the fallback (default false: 432). */
  acceptUnknownCommands?: boolean;
  /** Everything a command needs but its parameters. */
  context: Omit<CommandContext, 'command' | 'params'>;
}

export function apiHandler(options: ApiHandlerOptions): SimulatorHandler {
  return (request) => {
    if (request.path !== API_PATH) return notFound(request);
    if (request.method !== 'GET' && request.method !== 'POST') {
      return { status: 405, headers: { allow: 'GET, POST' }, body: 'Only GET and POST are supported' };
    }
    const received = receivedParameters(request);
    const command = received.find((parameter) => parameter.name === 'command')?.value;
    const verdict = verifyRequest(received, options.secretOf, options.context.now());
    if (!verdict.ok) {
      return errorAnswer(new CloudStackFault(ErrorCode.unauthorized, UNAUTHORIZED_TEXT, null), command);
    }
    const modelled = command === undefined ? undefined : COMMANDS.get(command);
    const fallback =
      options.acceptUnknownCommands === true && command !== undefined && looksLikeCommand(command);
    if (command === undefined || (modelled === undefined && !fallback)) {
      return errorAnswer(new CloudStackFault(ErrorCode.unsupportedAction, UNKNOWN_COMMAND_TEXT), undefined);
    }
    const context: CommandContext = {
      ...options.context,
      command,
      params: new Parameters(command, received),
    };
    try {
      return jsonAnswer(responseName(command), (modelled ?? fallbackAnswer)(context));
    } catch (error) {
      if (error instanceof CloudStackFault) return errorAnswer(error, command);
      throw error;
    }
  };
}

/**
 * The parameters as the servlet container hands them over: query string first, then an
 * `application/x-www-form-urlencoded` body, both percent-decoded (`+` as space), in order.
 */
function receivedParameters(request: SimulatorRequest): ReceivedParameter[] {
  const received: ReceivedParameter[] = [];
  const seen = new Set<string>();
  const add = (params: URLSearchParams) => {
    for (const [name, value] of params) {
      if (seen.has(name)) continue; // the server reads the first value of a repeated name
      seen.add(name);
      received.push({ name, value });
    }
  };
  add(request.query);
  const type = request.headers['content-type'] ?? '';
  if (request.method === 'POST' && type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    add(new URLSearchParams(request.text));
  }
  return received;
}

function notFound(request: SimulatorRequest): SimulatorResponse {
  return { status: 404, body: `No API at ${request.path}; the CloudStack API is at ${API_PATH}` };
}
