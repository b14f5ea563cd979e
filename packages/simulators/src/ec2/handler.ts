/**
 * The EC2 Query endpoint: parameters from the query string and the form body (as webob merges
 * them), the signature checked as ec2-api + Keystone check it, the action looked up by its
 * snake-cased name (as ec2-api's `getattr(controller, camelcase_to_underscore(action))`), the
 * answer rendered as ec2-api renders it. Any path is served: the path sent is the path signed.
 */
import { randomUUID } from 'node:crypto';
import type { SimulatorHandler, SimulatorLogger, SimulatorRequest, SimulatorResponse } from '../types.js';
import {
  allocateAddress,
  associateAddress,
  describeAddresses,
  disassociateAddress,
  releaseAddress,
} from './actions/addresses.js';
import { describeImages } from './actions/images.js';
import {
  describeInstances,
  rebootInstances,
  runInstances,
  startInstances,
  stopInstances,
  terminateInstances,
} from './actions/instances.js';
import { createKeyPair, deleteKeyPair, describeKeyPairs, importKeyPair } from './actions/key-pairs.js';
import { describeAvailabilityZones, describeRegions } from './actions/regions.js';
import {
  authorizeSecurityGroupEgress,
  authorizeSecurityGroupIngress,
  createSecurityGroup,
  deleteSecurityGroup,
  describeSecurityGroups,
  revokeSecurityGroupEgress,
  revokeSecurityGroupIngress,
} from './actions/security-groups.js';
import { createTags, deleteTags, describeTags } from './actions/tags.js';
import {
  attachVolume,
  createVolume,
  deleteVolume,
  describeVolumes,
  detachVolume,
} from './actions/volumes.js';
import { bool, parseArgs, snakeCase } from './args.js';
import type { Action, Ec2Context } from './context.js';
import { Ec2Fault } from './errors.js';
import { ReadCache } from './read-cache.js';
import { type SignatureRules, verifyRequest } from './signature.js';
import { renderAnswer, renderError, withRequestId } from './xml.js';

/** The path `endpoint` names; every other path answers too. */
export const EC2_API_PATH = '/services/Cloud';

/** The namespace version of an answer to a request without `Version` (what boto 2.49 sends). */
const DEFAULT_VERSION = '2014-10-01';

/** The actions the simulator answers, by ec2-api's method name. */
const ACTIONS: ReadonlyMap<string, Action> = new Map<string, Action>([
  ['describe_regions', describeRegions],
  ['describe_availability_zones', describeAvailabilityZones],
  ['create_key_pair', createKeyPair],
  ['import_key_pair', importKeyPair],
  ['describe_key_pairs', describeKeyPairs],
  ['delete_key_pair', deleteKeyPair],
  ['describe_images', describeImages],
  ['run_instances', runInstances],
  ['describe_instances', describeInstances],
  ['stop_instances', stopInstances],
  ['start_instances', startInstances],
  ['reboot_instances', rebootInstances],
  ['terminate_instances', terminateInstances],
  ['create_security_group', createSecurityGroup],
  ['delete_security_group', deleteSecurityGroup],
  ['describe_security_groups', describeSecurityGroups],
  ['authorize_security_group_ingress', authorizeSecurityGroupIngress],
  ['revoke_security_group_ingress', revokeSecurityGroupIngress],
  ['authorize_security_group_egress', authorizeSecurityGroupEgress],
  ['revoke_security_group_egress', revokeSecurityGroupEgress],
  ['create_volume', createVolume],
  ['delete_volume', deleteVolume],
  ['describe_volumes', describeVolumes],
  ['attach_volume', attachVolume],
  ['detach_volume', detachVolume],
  ['allocate_address', allocateAddress],
  ['associate_address', associateAddress],
  ['disassociate_address', disassociateAddress],
  ['release_address', releaseAddress],
  ['describe_addresses', describeAddresses],
  ['create_tags', createTags],
  ['delete_tags', deleteTags],
  ['describe_tags', describeTags],
]);

/** The actions the simulator models, by their EC2 names. */
export const MODELLED_ACTIONS: readonly string[] = [...ACTIONS.keys()].map((name) =>
  name
    .split('_')
    .map((part) => (part[0] as string).toUpperCase() + part.slice(1))
    .join(''),
);

export interface HandlerOptions {
  context: Ec2Context;
  secretOf(accessKeyId: string): string | undefined;
  signatureRules: SignatureRules;
  maxSkewMs: number;
  logger: SimulatorLogger;
}

/** Every parameter of a request: the query string's, then the form body's; the first value of a name wins. */
export function requestParams(request: SimulatorRequest): Map<string, string> {
  const params = new Map<string, string>();
  for (const [key, value] of request.query) if (!params.has(key)) params.set(key, value);
  if (isForm(request)) {
    for (const [key, value] of new URLSearchParams(request.text))
      if (!params.has(key)) params.set(key, value);
  }
  return params;
}

/** webob reads a POST body as a form when it says so, or says nothing. */
function isForm(request: SimulatorRequest): boolean {
  if (request.method !== 'POST' && request.method !== 'PUT') return false;
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  return type === '' || type === 'application/x-www-form-urlencoded';
}

/** The `Action` of a request (query string or form body): what `requests` counts by. */
export function actionOf(request: SimulatorRequest): string | undefined {
  const fromQuery = request.query.get('Action');
  if (fromQuery !== null) return fromQuery;
  if (!isForm(request)) return undefined;
  return new URLSearchParams(request.text).get('Action') ?? undefined;
}

function xml(status: number, body: string): SimulatorResponse {
  return { status, headers: { 'content-type': 'text/xml' }, body };
}

export function ec2Handler(options: HandlerOptions): SimulatorHandler {
  const { context, logger } = options;
  const reads = new ReadCache();
  return (request) => {
    const requestId = `req-${randomUUID()}`;
    const params = requestParams(request);
    const question = request.url.indexOf('?');
    const verdict = verifyRequest(
      {
        method: request.method,
        host: String(request.headers.host ?? ''),
        path: question < 0 ? request.url : request.url.slice(0, question),
        query: question < 0 ? '' : request.url.slice(question + 1),
        headers: request.headers,
        body: request.body,
        params,
      },
      {
        secretOf: options.secretOf,
        rules: options.signatureRules,
        now: context.now(),
        maxSkewMs: options.maxSkewMs,
      },
    );
    if (!verdict.ok) return xml(verdict.status, renderError(verdict.code, verdict.message, requestId));

    const action = params.get('Action');
    if (action === undefined || action === '') {
      return xml(
        400,
        renderError('MissingAction', 'The request must contain the parameter Action', requestId),
      );
    }
    const version = params.get('Version') || DEFAULT_VERSION;
    const method = snakeCase(action);
    const { cloud } = context;
    try {
      const run = ACTIONS.get(method);
      if (run === undefined) throw new Ec2Fault('InvalidRequest', 'The request received was invalid.');
      const args = parseArgs(params);
      if (bool(args, 'dry_run') === true) {
        // AWS's answer to a DryRun (permissions are all granted here); ec2-api takes no DryRun.
        throw new Ec2Fault('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
      }
      delete args.dry_run;
      const key = reads.keyOf(method, action, version, args);
      const kept = key === undefined ? undefined : reads.get(key, cloud.revision);
      if (kept !== undefined) return xml(200, withRequestId(kept, requestId));
      const answer = renderAnswer(action, version, run(context, args));
      if (key !== undefined) reads.set(key, cloud.revision, answer);
      return xml(200, withRequestId(answer, requestId));
    } catch (error) {
      if (error instanceof Ec2Fault)
        return xml(error.status, renderError(error.code, error.message, requestId));
      logger.error(`ec2 simulator: ${action} failed:`, error);
      const name = error instanceof Error ? error.constructor.name : 'Exception';
      return xml(500, renderError(name, 'Unknown error occurred.', requestId));
    } finally {
      // Anything but a read may have changed the cloud, even when it failed half-way.
      if (!method.startsWith('describe_')) cloud.changed();
    }
  };
}
