/** Starting the EC2 simulator (OpenStack ec2-api behind Keystone), built on the simulator kit. */
import { defineSimulator, type ProviderSimulatorOptions, type RunningProviderSimulator } from '../kit.js';
import type { SimulatorRequest } from '../types.js';
import type { Ec2Context } from './context.js';
import { actionOf, EC2_API_PATH, ec2Handler } from './handler.js';
import type { SignatureRules } from './signature.js';
import { Cloud, DEFAULT_INSTANCE_TYPES, type Ec2Seed } from './state.js';

/** One EC2 credential (as `openstack ec2 credentials create` makes them): access key id and secret. */
export interface Ec2Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** What a client needs: the credential plus the region to sign SigV4 for. */
export interface Ec2ClientSettings extends Ec2Credentials {
  region: string;
}

/** The credential a simulator accepts when none is given. Not a secret: a test fixture. */
export const DEFAULT_EC2_CREDENTIALS: Readonly<Ec2Credentials> = Object.freeze({
  accessKeyId: 'overcast-simulator-access-key',
  secretAccessKey: 'overcast-simulator-secret-key',
});

/** ec2-api's region when none is configured (`DescribeRegions` answers it). */
export const DEFAULT_EC2_REGION = 'RegionOne';

/** The owner of everything (a Keystone project id, as ec2-api reports `ownerId`). */
export const DEFAULT_EC2_PROJECT_ID = '5d4f8c9e2b7a4e6f9c1d3b5a7e9f0c2d';

export interface Ec2SimulatorOptions
  extends ProviderSimulatorOptions<Ec2Credentials | readonly Ec2Credentials[]> {
  /** Extra objects to start with, e.g. `{ instances: 10_000 }` (running, one reservation each). */
  seed?: Ec2Seed;
  /** The region `DescribeRegions` names and `credentials.region` gives clients (default `RegionOne`). */
  region?: string;
  /** Availability zones, the first the default (default `['nova']`, nova's). */
  availabilityZones?: readonly string[];
  /** Instance types (nova flavors) `RunInstances` accepts (default m1.tiny … m1.xlarge; m1.small when none is asked). */
  instanceTypes?: readonly string[];
  /**
   * Whose signature rules apply (default `keystone`: exactly what ec2-api + Keystone accept; `aws`:
   * what AWS documents, e.g. SigV4-signed GETs, the `X-Amz-*` query form, SigV2 with HmacSHA1).
   */
  signatureRules?: SignatureRules;
  /** How far `Timestamp`/`X-Amz-Date` may lie from the clock, in ms (default 15 min, Keystone's `auth_ttl`). */
  maxSkewMs?: number;
  /** `ownerId` of reservations, images and groups (default a fixed Keystone-style project id). */
  projectId?: string;
  /** The clock behind time checks, launch and creation times (default: the system clock). */
  now?: () => Date;
}

export interface RunningEc2Simulator extends RunningProviderSimulator<Ec2Credentials> {
  /** The first accepted credential plus the region: `new EC2({ endpoint, ...credentials })`. */
  readonly credentials: Readonly<Ec2ClientSettings>;
  readonly region: string;
  /** The seeded VPC: security groups created with this `VpcId` take egress rules. */
  readonly vpcId: string;
  /** The seeded images' ids (cirros first). */
  readonly imageIds: readonly string[];
}

const DEFAULT_MAX_SKEW_MS = 15 * 60_000;

function actionName(request: SimulatorRequest): string | undefined {
  return actionOf(request);
}

/** The EC2 simulator as the kit defines it (`ec2Simulator.start(options)`). */
export const ec2Simulator = defineSimulator<
  Ec2SimulatorOptions,
  Ec2Credentials,
  {
    readonly credentials: Readonly<Ec2ClientSettings>;
    readonly region: string;
    readonly vpcId: string;
    readonly imageIds: readonly string[];
  }
>({
  name: 'ec2',
  description:
    'EC2 Query API as OpenStack ec2-api serves it (SigV2/SigV4 checked, instances, volumes, groups)',
  apiPath: EC2_API_PATH,
  defaultCredentials: DEFAULT_EC2_CREDENTIALS,
  checkCredentials: ({ accessKeyId, secretAccessKey }) => {
    if (
      typeof accessKeyId !== 'string' ||
      accessKeyId === '' ||
      typeof secretAccessKey !== 'string' ||
      secretAccessKey === ''
    ) {
      throw new Error('an EC2 simulator credential needs a non-empty accessKeyId and secretAccessKey');
    }
  },
  operationOf: actionName,
  setup: ({ options, credentials, transitionMs, timers, logger }) => {
    const secrets = new Map(
      credentials.map(({ accessKeyId, secretAccessKey }) => [accessKeyId, secretAccessKey]),
    );
    const now = options.now ?? (() => new Date());
    const region = options.region ?? DEFAULT_EC2_REGION;
    const zones = options.availabilityZones ?? ['nova'];
    if (zones.length === 0) throw new Error('the EC2 simulator needs at least one availability zone');
    const maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
    if (!Number.isFinite(maxSkewMs) || maxSkewMs < 0) {
      throw new Error(`maxSkewMs must be a non-negative number, not ${maxSkewMs}`);
    }
    const signatureRules = options.signatureRules ?? 'keystone';
    if (signatureRules !== 'keystone' && signatureRules !== 'aws') {
      throw new Error(`signatureRules must be 'keystone' or 'aws', not ${String(signatureRules)}`);
    }
    const cloud = new Cloud(options.projectId ?? DEFAULT_EC2_PROJECT_ID, zones);
    let endpoint = '';
    const context: Ec2Context = {
      cloud,
      timers,
      transitionMs,
      now,
      region,
      endpoint: () => endpoint,
      instanceTypes: options.instanceTypes ?? DEFAULT_INSTANCE_TYPES,
    };
    const reset = () => {
      timers.cancelAll();
      cloud.reset(options.seed, now());
    };
    reset();
    const first = credentials[0] as Ec2Credentials;
    return {
      handler: ec2Handler({
        context,
        secretOf: (accessKeyId) => secrets.get(accessKeyId),
        signatureRules,
        maxSkewMs,
        logger,
      }),
      reset,
      fields: (running) => {
        endpoint = running.endpoint;
        return {
          credentials: Object.freeze({
            accessKeyId: first.accessKeyId,
            secretAccessKey: first.secretAccessKey,
            region,
          }),
          region,
          // Ids come from a seeded generator: a reset hands out the same ones again.
          vpcId: cloud.vpcId,
          imageIds: Object.freeze([...cloud.images.keys()]),
        };
      },
    };
  },
});

/**
 * Starts an EC2 endpoint simulator (OpenStack ec2-api behind Keystone) on 127.0.0.1.
 *
 * @example
 * const sim = await startEc2Simulator({ seed: { instances: 100 } });
 * // point a client at sim.endpoint with sim.credentials (accessKeyId, secretAccessKey, region)
 * await sim.close();
 */
export function startEc2Simulator(options: Ec2SimulatorOptions = {}): Promise<RunningEc2Simulator> {
  return ec2Simulator.start(options);
}
