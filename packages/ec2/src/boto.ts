/**
 * The boto-style layer, as boto 2's EC2 tutorial uses it, on top of the generated client:
 *
 * ```ts
 * const conn = connectEc2({ endpoint, accessKeyId, secretAccessKey });   // boto.connect_ec2(…)
 * const images = await conn.getAllImages();
 * const reservation = await images[0].run({ keyName: 'mykey', instanceType: 'm1.tiny' });
 * const instance = reservation.instances[0];
 * while ((await instance.update()) === 'pending') await sleep(1000);
 * await instance.terminate();
 * ```
 *
 * Objects keep the generated answer they were made from (`instance.data`, typed with the model's
 * names) and show it through boto's attributes in camelCase (`instance.instanceType`,
 * `instance.privateIpAddress`, `instance.placement`). Every method takes the call options as its
 * last argument, and every error is the client's (`Ec2Error` of its kind).
 */
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ParameterError } from '@overcast/runtime/errors';
import { EC2, type EC2Options } from './client.js';
import type { Ec2CallOptions, Ec2WaiterOptions } from './client-types.js';
import type {
  AvailabilityZone,
  Filter,
  GroupIdentifier,
  Image as ImageData,
  Instance as InstanceData,
  InstanceStateChange,
  IpPermission,
  KeyPair as KeyPairData,
  KeyPairInfo,
  Region,
  Reservation as ReservationData,
  RunInstancesRequest,
  SecurityGroup as SecurityGroupData,
  Tag,
} from './generated/types.js';

/** boto's filters: `{ 'instance-state-name': 'running', 'tag:Name': ['a', 'b'] }`. */
export type Filters = Readonly<Record<string, string | readonly string[]>>;

export type EC2ConnectionOptions = EC2Options;

/** `boto.connect_ec2(…)`: a boto-style connection (the options are `EC2`'s). */
export function connectEc2(options: EC2ConnectionOptions = {}): EC2Connection {
  return new EC2Connection(options);
}

/** `boto.ec2.connect_to_region(name, …)`: the same, with the region given first. */
export function connectToRegion(region: string, options: EC2ConnectionOptions = {}): EC2Connection {
  return new EC2Connection({ ...options, region });
}

/** What `image.run()` and `conn.runInstances()` take: boto's `run_instances` arguments in camelCase. */
export interface RunOptions {
  /** Default 1. */
  minCount?: number;
  /** Default `minCount`. */
  maxCount?: number;
  keyName?: string;
  /** Security group names. */
  securityGroups?: readonly string[];
  securityGroupIds?: readonly string[];
  /** Raw user data; the client base64-encodes it, as boto does. */
  userData?: string | Uint8Array;
  instanceType?: string;
  /** The availability zone. */
  placement?: string;
  placementGroup?: string;
  kernelId?: string;
  ramdiskId?: string;
  monitoringEnabled?: boolean;
  subnetId?: string;
  privateIpAddress?: string;
  disableApiTermination?: boolean;
  instanceInitiatedShutdownBehavior?: 'stop' | 'terminate';
  /** Makes the call idempotent: it may then be retried (`retry`). */
  clientToken?: string;
  ebsOptimized?: boolean;
  additionalInfo?: string;
  dryRun?: boolean;
}

/**
 * A boto-style connection: `getAllRegions()`, `getAllKeyPairs()`, `createKeyPair(name)`,
 * `getAllImages()`, `runInstances(imageId, …)`, `getAllReservations()`, … over an `EC2` client
 * (`conn.client`, for every other operation).
 */
export class EC2Connection {
  /** The generated client underneath. */
  readonly client: EC2;

  /** From `EC2` options, or over an existing client. */
  constructor(clientOrOptions: EC2 | EC2ConnectionOptions = {}) {
    this.client = clientOrOptions instanceof EC2 ? clientOrOptions : new EC2(clientOrOptions);
  }

  /** `get_all_regions()`: the regions the endpoint names (ec2-api: its own region and URL). */
  async getAllRegions(
    params: { regionNames?: readonly string[]; filters?: Filters } = {},
    options?: Ec2CallOptions,
  ): Promise<RegionInfo[]> {
    const { Regions = [] } = await this.client.describeRegions(
      { ...list('RegionNames', params.regionNames), ...filtersOf(params.filters) },
      options,
    );
    return Regions.map((data) => new RegionInfo(this, data));
  }

  /** `get_all_zones()`: the availability zones. */
  async getAllZones(
    params: { zones?: readonly string[]; filters?: Filters } = {},
    options?: Ec2CallOptions,
  ): Promise<Zone[]> {
    const { AvailabilityZones = [] } = await this.client.describeAvailabilityZones(
      { ...list('ZoneNames', params.zones), ...filtersOf(params.filters) },
      options,
    );
    return AvailabilityZones.map((data) => new Zone(data));
  }

  /** `get_all_key_pairs()`: every key pair, or those named. */
  async getAllKeyPairs(
    params: { keyNames?: readonly string[]; filters?: Filters } = {},
    options?: Ec2CallOptions,
  ): Promise<KeyPair[]> {
    const { KeyPairs = [] } = await this.client.describeKeyPairs(
      { ...list('KeyNames', params.keyNames), ...filtersOf(params.filters) },
      options,
    );
    return KeyPairs.map((data) => new KeyPair(this, data));
  }

  /** `get_key_pair(name)`: the key pair, or `undefined` when there is none of that name. */
  async getKeyPair(name: string, options?: Ec2CallOptions): Promise<KeyPair | undefined> {
    const { KeyPairs = [] } = await this.client.describeKeyPairs(
      { Filters: [{ Name: 'key-name', Values: [name] }] },
      options,
    );
    const [first] = KeyPairs;
    return first === undefined ? undefined : new KeyPair(this, first);
  }

  /** `create_key_pair(name)`: a new key pair, with its private key in `material` (shown only now). */
  async createKeyPair(name: string, options?: Ec2CallOptions): Promise<KeyPair> {
    return new KeyPair(this, await this.client.createKeyPair({ KeyName: name }, options));
  }

  /** `import_key_pair(name, publicKeyMaterial)`: registers an OpenSSH public key. */
  async importKeyPair(
    name: string,
    publicKeyMaterial: string | Uint8Array,
    options?: Ec2CallOptions,
  ): Promise<KeyPair> {
    const material =
      typeof publicKeyMaterial === 'string' ? new TextEncoder().encode(publicKeyMaterial) : publicKeyMaterial;
    const answer = await this.client.importKeyPair({ KeyName: name, PublicKeyMaterial: material }, options);
    return new KeyPair(this, answer);
  }

  /** `delete_key_pair(name)`. */
  async deleteKeyPair(name: string, options?: Ec2CallOptions): Promise<true> {
    await this.client.deleteKeyPair({ KeyName: name }, options);
    return true;
  }

  /** `get_all_images()`: the images visible (or those named, owned by, executable by). */
  async getAllImages(
    params: {
      imageIds?: readonly string[];
      owners?: readonly string[];
      executableBy?: readonly string[];
      filters?: Filters;
    } = {},
    options?: Ec2CallOptions,
  ): Promise<Image[]> {
    const { Images = [] } = await this.client.describeImages(
      {
        ...list('ImageIds', params.imageIds),
        ...list('Owners', params.owners),
        ...list('ExecutableUsers', params.executableBy),
        ...filtersOf(params.filters),
      },
      options,
    );
    return Images.map((data) => new Image(this, data));
  }

  /**
   * `get_image(id)`: one image, or `undefined` when the answer holds none (ec2-api and AWS answer
   * an unknown id with `InvalidAMIID.NotFound`, a `NotFoundError`).
   */
  async getImage(imageId: string, options?: Ec2CallOptions): Promise<Image | undefined> {
    const [image] = await this.getAllImages({ imageIds: [imageId] }, options);
    return image;
  }

  /** `run_instances(imageId, …)`: starts instances of an image; their reservation. */
  async runInstances(
    imageId: string,
    params: RunOptions = {},
    options?: Ec2CallOptions,
  ): Promise<Reservation> {
    const input = runRequest(imageId, params);
    return new Reservation(this, await this.client.runInstances(input, options));
  }

  /**
   * `get_all_reservations()` (boto 2's `get_all_instances()` answered the same): every
   * reservation, across all pages, or those of the instances named or matching the filters.
   */
  async getAllReservations(
    params: { instanceIds?: readonly string[]; filters?: Filters } = {},
    options?: Ec2CallOptions,
  ): Promise<Reservation[]> {
    const reservations: Reservation[] = [];
    const input = { ...list('InstanceIds', params.instanceIds), ...filtersOf(params.filters) };
    for await (const page of this.client.paginateDescribeInstances(input, options)) {
      for (const data of page.Reservations ?? []) reservations.push(new Reservation(this, data));
    }
    return reservations;
  }

  /** boto 2's `get_all_instances()`: the reservations (each with its `instances`), as boto answered. */
  getAllInstances(
    params: { instanceIds?: readonly string[]; filters?: Filters } = {},
    options?: Ec2CallOptions,
  ): Promise<Reservation[]> {
    return this.getAllReservations(params, options);
  }

  /** `get_only_instances()`: the instances themselves, reservations flattened away. */
  async getOnlyInstances(
    params: { instanceIds?: readonly string[]; filters?: Filters } = {},
    options?: Ec2CallOptions,
  ): Promise<Instance[]> {
    return (await this.getAllReservations(params, options)).flatMap((reservation) => reservation.instances);
  }

  /** `start_instances(ids)`: the instances with their new state. */
  async startInstances(
    instanceIds: readonly string[],
    options?: Ec2CallOptions,
  ): Promise<InstanceStateChange[]> {
    const { StartingInstances = [] } = await this.client.startInstances(
      { InstanceIds: [...instanceIds] },
      options,
    );
    return StartingInstances;
  }

  /** `stop_instances(ids, force)`: the instances with their new state. */
  async stopInstances(
    instanceIds: readonly string[],
    force = false,
    options?: Ec2CallOptions,
  ): Promise<InstanceStateChange[]> {
    const { StoppingInstances = [] } = await this.client.stopInstances(
      { InstanceIds: [...instanceIds], ...(force ? { Force: true } : {}) },
      options,
    );
    return StoppingInstances;
  }

  /** `terminate_instances(ids)`: the instances with their new state. */
  async terminateInstances(
    instanceIds: readonly string[],
    options?: Ec2CallOptions,
  ): Promise<InstanceStateChange[]> {
    const { TerminatingInstances = [] } = await this.client.terminateInstances(
      { InstanceIds: [...instanceIds] },
      options,
    );
    return TerminatingInstances;
  }

  /** `reboot_instances(ids)`. */
  async rebootInstances(instanceIds: readonly string[], options?: Ec2CallOptions): Promise<true> {
    await this.client.rebootInstances({ InstanceIds: [...instanceIds] }, options);
    return true;
  }

  /** `get_all_security_groups()`. */
  async getAllSecurityGroups(
    params: { groupNames?: readonly string[]; groupIds?: readonly string[]; filters?: Filters } = {},
    options?: Ec2CallOptions,
  ): Promise<SecurityGroup[]> {
    const { SecurityGroups = [] } = await this.client.describeSecurityGroups(
      {
        ...list('GroupNames', params.groupNames),
        ...list('GroupIds', params.groupIds),
        ...filtersOf(params.filters),
      },
      options,
    );
    return SecurityGroups.map((data) => new SecurityGroup(this, data));
  }

  /** `create_security_group(name, description)`. */
  async createSecurityGroup(
    name: string,
    description: string,
    vpcId?: string,
    options?: Ec2CallOptions,
  ): Promise<SecurityGroup> {
    const { GroupId } = await this.client.createSecurityGroup(
      { GroupName: name, Description: description, ...(vpcId === undefined ? {} : { VpcId: vpcId }) },
      options,
    );
    return new SecurityGroup(this, {
      GroupName: name,
      Description: description,
      ...(GroupId === undefined ? {} : { GroupId }),
      ...(vpcId === undefined ? {} : { VpcId: vpcId }),
      IpPermissions: [],
    });
  }

  /** `create_tags(ids, tags)`: `{ Name: 'web' }` on every resource named. */
  async createTags(
    resourceIds: readonly string[],
    tags: Readonly<Record<string, string>>,
    options?: Ec2CallOptions,
  ): Promise<true> {
    await this.client.createTags(
      { Resources: [...resourceIds], Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
      options,
    );
    return true;
  }

  /** `delete_tags(ids, keys)`. */
  async deleteTags(
    resourceIds: readonly string[],
    keys: readonly string[],
    options?: Ec2CallOptions,
  ): Promise<true> {
    await this.client.deleteTags(
      { Resources: [...resourceIds], Tags: keys.map((Key) => ({ Key })) },
      options,
    );
    return true;
  }

  /** Waits until every instance named is `running` (the `InstanceRunning` waiter). */
  async waitUntilInstanceRunning(
    instanceIds: string | readonly string[],
    options?: Ec2WaiterOptions,
  ): Promise<Instance[]> {
    return this.#instances(
      await this.client.waitUntilInstanceRunning({ InstanceIds: ids(instanceIds) }, options),
    );
  }

  /** Waits until every instance named is `stopped` (the `InstanceStopped` waiter). */
  async waitUntilInstanceStopped(
    instanceIds: string | readonly string[],
    options?: Ec2WaiterOptions,
  ): Promise<Instance[]> {
    return this.#instances(
      await this.client.waitUntilInstanceStopped({ InstanceIds: ids(instanceIds) }, options),
    );
  }

  /** Waits until every instance named is `terminated` (the `InstanceTerminated` waiter). */
  async waitUntilInstanceTerminated(
    instanceIds: string | readonly string[],
    options?: Ec2WaiterOptions,
  ): Promise<Instance[]> {
    return this.#instances(
      await this.client.waitUntilInstanceTerminated({ InstanceIds: ids(instanceIds) }, options),
    );
  }

  /** Closes the client (its connections, and the registration of its secrets). */
  close(): Promise<void> {
    return this.client.close();
  }

  #instances(answer: { Reservations?: ReservationData[] }): Instance[] {
    return (answer.Reservations ?? []).flatMap((data) => new Reservation(this, data).instances);
  }
}

/** A region, as `DescribeRegions` names it (`get_all_regions()`). */
export class RegionInfo {
  constructor(
    readonly connection: EC2Connection,
    readonly data: Region,
  ) {}
  get name(): string | undefined {
    return this.data.RegionName;
  }
  get endpoint(): string | undefined {
    return this.data.Endpoint;
  }
}

/** An availability zone (`get_all_zones()`). */
export class Zone {
  constructor(readonly data: AvailabilityZone) {}
  get name(): string | undefined {
    return this.data.ZoneName;
  }
  get state(): string | undefined {
    return this.data.State;
  }
  get regionName(): string | undefined {
    return this.data.RegionName;
  }
  get messages(): string[] {
    return (this.data.Messages ?? []).flatMap((m) => (m.Message === undefined ? [] : [m.Message]));
  }
}

/** A key pair; `material` holds the private key only right after `createKeyPair`. */
export class KeyPair {
  constructor(
    readonly connection: EC2Connection,
    readonly data: KeyPairInfo & Partial<Pick<KeyPairData, 'KeyMaterial'>>,
  ) {}
  get name(): string | undefined {
    return this.data.KeyName;
  }
  get fingerprint(): string | undefined {
    return this.data.KeyFingerprint;
  }
  /** The private key (PEM), from `createKeyPair` only. */
  get material(): string | undefined {
    return this.data.KeyMaterial;
  }

  /**
   * boto's `save(directory)`: writes the private key to `<directory>/<name>.pem`, readable by its
   * owner only; refuses to overwrite a file. Resolves with the path.
   */
  async save(directory: string): Promise<string> {
    if (this.material === undefined) {
      throw new ParameterError(
        `EC2: key pair ${this.name} has no private key material to save (only createKeyPair returns it)`,
      );
    }
    const path = join(directory, `${this.name}.pem`);
    // node:fs taken here rather than at import: saving a key is rare.
    const { constants, promises } = process.getBuiltinModule('node:fs');
    let file: FileHandle;
    try {
      file = await promises.open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new ParameterError(`EC2: ${path} already exists, it will not be overwritten`);
      }
      throw new ParameterError(`EC2: cannot write ${path}: ${(error as Error).message}`, { cause: error });
    }
    try {
      await file.writeFile(this.material);
    } finally {
      await file.close();
    }
    return path;
  }

  /** Deletes the key pair. */
  delete(options?: Ec2CallOptions): Promise<true> {
    return this.connection.deleteKeyPair(this.name as string, options);
  }
}

/** An image (`get_all_images()`); `run()` starts instances of it. */
export class Image {
  constructor(
    readonly connection: EC2Connection,
    public data: ImageData,
  ) {}
  get id(): string | undefined {
    return this.data.ImageId;
  }
  get name(): string | undefined {
    return this.data.Name;
  }
  get location(): string | undefined {
    return this.data.ImageLocation;
  }
  get state(): string | undefined {
    return this.data.State;
  }
  get ownerId(): string | undefined {
    return this.data.OwnerId;
  }
  get isPublic(): boolean | undefined {
    return this.data.Public;
  }
  get architecture(): string | undefined {
    return this.data.Architecture;
  }
  get type(): string | undefined {
    return this.data.ImageType;
  }
  get description(): string | undefined {
    return this.data.Description;
  }
  get kernelId(): string | undefined {
    return this.data.KernelId;
  }
  get ramdiskId(): string | undefined {
    return this.data.RamdiskId;
  }
  get rootDeviceType(): string | undefined {
    return this.data.RootDeviceType;
  }
  get rootDeviceName(): string | undefined {
    return this.data.RootDeviceName;
  }
  get virtualizationType(): string | undefined {
    return this.data.VirtualizationType;
  }
  get platform(): string | undefined {
    return this.data.Platform;
  }
  get tags(): Record<string, string> {
    return tagsOf(this.data.Tags);
  }

  /** boto's `image.run(…)`: starts instances of this image; their reservation. */
  run(params: RunOptions = {}, options?: Ec2CallOptions): Promise<Reservation> {
    return this.connection.runInstances(this.id as string, params, options);
  }

  /** Reads the image again; its state. */
  async update(options?: Ec2CallOptions): Promise<string | undefined> {
    const { Images = [] } = await this.connection.client.describeImages(
      { ImageIds: [this.id as string] },
      options,
    );
    const [data] = Images;
    if (data !== undefined) this.data = data;
    return this.state;
  }

  /** `deregister()`. */
  async deregister(options?: Ec2CallOptions): Promise<true> {
    await this.connection.client.deregisterImage({ ImageId: this.id as string }, options);
    return true;
  }
}

/** A reservation: what one `RunInstances` made, with its `instances`. */
export class Reservation {
  readonly instances: Instance[];
  constructor(
    readonly connection: EC2Connection,
    readonly data: ReservationData,
  ) {
    this.instances = (data.Instances ?? []).map((instance) => new Instance(connection, instance));
  }
  get id(): string | undefined {
    return this.data.ReservationId;
  }
  get ownerId(): string | undefined {
    return this.data.OwnerId;
  }
  get requesterId(): string | undefined {
    return this.data.RequesterId;
  }
  get groups(): GroupIdentifier[] {
    return this.data.Groups ?? [];
  }

  /** `stop_all()`: stops every instance of the reservation. */
  async stopAll(options?: Ec2CallOptions): Promise<void> {
    await Promise.all(this.instances.map((instance) => instance.stop(false, options)));
  }
}

/** An instance; `update()` reads it again, `stop()`/`start()`/`terminate()`/`reboot()` act on it. */
export class Instance {
  constructor(
    readonly connection: EC2Connection,
    public data: InstanceData,
  ) {}
  get id(): string | undefined {
    return this.data.InstanceId;
  }
  get imageId(): string | undefined {
    return this.data.ImageId;
  }
  /** `pending`, `running`, `shutting-down`, `terminated`, `stopping`, `stopped`. */
  get state(): string | undefined {
    return this.data.State?.Name;
  }
  get stateCode(): number | undefined {
    return this.data.State?.Code;
  }
  get stateReason(): string | undefined {
    return this.data.StateReason?.Message;
  }
  /** boto's `reason` (`StateTransitionReason`). */
  get reason(): string | undefined {
    return this.data.StateTransitionReason;
  }
  get instanceType(): string | undefined {
    return this.data.InstanceType;
  }
  get keyName(): string | undefined {
    return this.data.KeyName;
  }
  get launchTime(): Date | undefined {
    return this.data.LaunchTime;
  }
  /** The availability zone, as boto's `placement`. */
  get placement(): string | undefined {
    return this.data.Placement?.AvailabilityZone;
  }
  get privateIpAddress(): string | undefined {
    return this.data.PrivateIpAddress;
  }
  /** boto's `ip_address`: the public address. */
  get ipAddress(): string | undefined {
    return this.data.PublicIpAddress;
  }
  get privateDnsName(): string | undefined {
    return this.data.PrivateDnsName;
  }
  /** boto's `dns_name` / `public_dns_name`. */
  get dnsName(): string | undefined {
    return this.data.PublicDnsName;
  }
  get architecture(): string | undefined {
    return this.data.Architecture;
  }
  get kernel(): string | undefined {
    return this.data.KernelId;
  }
  get ramdisk(): string | undefined {
    return this.data.RamdiskId;
  }
  get rootDeviceType(): string | undefined {
    return this.data.RootDeviceType;
  }
  get rootDeviceName(): string | undefined {
    return this.data.RootDeviceName;
  }
  get amiLaunchIndex(): number | undefined {
    return this.data.AmiLaunchIndex;
  }
  get vpcId(): string | undefined {
    return this.data.VpcId;
  }
  get subnetId(): string | undefined {
    return this.data.SubnetId;
  }
  get monitored(): boolean {
    return this.data.Monitoring?.State === 'enabled';
  }
  get platform(): string | undefined {
    return this.data.Platform;
  }
  get groups(): GroupIdentifier[] {
    return this.data.SecurityGroups ?? [];
  }
  get tags(): Record<string, string> {
    return tagsOf(this.data.Tags);
  }

  /**
   * boto's `update()`: reads the instance again and answers its state.
   *
   * @throws NotFoundError (an `Ec2Error`) once the cloud has forgotten it
   */
  async update(options?: Ec2CallOptions): Promise<string | undefined> {
    const { Reservations = [] } = await this.connection.client.describeInstances(
      { InstanceIds: [this.#id()] },
      options,
    );
    const data = Reservations.flatMap((r) => r.Instances ?? []).find((i) => i.InstanceId === this.id);
    if (data !== undefined) this.data = data;
    return this.state;
  }

  /** `stop()`: asks the instance to stop; its new state (`stopping`). */
  async stop(force = false, options?: Ec2CallOptions): Promise<string | undefined> {
    return this.#changed(await this.connection.stopInstances([this.#id()], force, options));
  }

  /** `start()`: its new state (`pending`). */
  async start(options?: Ec2CallOptions): Promise<string | undefined> {
    return this.#changed(await this.connection.startInstances([this.#id()], options));
  }

  /** `terminate()`: its new state (`shutting-down` or `terminated`). */
  async terminate(options?: Ec2CallOptions): Promise<string | undefined> {
    return this.#changed(await this.connection.terminateInstances([this.#id()], options));
  }

  /** `reboot()`. */
  reboot(options?: Ec2CallOptions): Promise<true> {
    return this.connection.rebootInstances([this.#id()], options);
  }

  /** `add_tag(key, value)`. */
  async addTag(key: string, value = '', options?: Ec2CallOptions): Promise<void> {
    await this.addTags({ [key]: value }, options);
  }

  /** `add_tags({ … })`. */
  async addTags(tags: Readonly<Record<string, string>>, options?: Ec2CallOptions): Promise<void> {
    await this.connection.createTags([this.#id()], tags, options);
    const kept = (this.data.Tags ?? []).filter((tag) => tag.Key === undefined || !(tag.Key in tags));
    this.data = {
      ...this.data,
      Tags: [...kept, ...Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))],
    };
  }

  /** `remove_tag(key)`. */
  async removeTag(key: string, options?: Ec2CallOptions): Promise<void> {
    await this.connection.deleteTags([this.#id()], [key], options);
    this.data = { ...this.data, Tags: (this.data.Tags ?? []).filter((tag) => tag.Key !== key) };
  }

  /** `get_console_output()`: the console text (decoded from base64). */
  async getConsoleOutput(options?: Ec2CallOptions): Promise<string> {
    const { Output } = await this.connection.client.getConsoleOutput({ InstanceId: this.#id() }, options);
    return Output === undefined ? '' : Buffer.from(Output, 'base64').toString('utf8');
  }

  /** Waits until the instance is `running` (the `InstanceRunning` waiter), then holds its new data. */
  waitUntilRunning(options?: Ec2WaiterOptions): Promise<this> {
    return this.#wait(this.connection.waitUntilInstanceRunning(this.#id(), options));
  }

  /** Waits until the instance is `stopped`. */
  waitUntilStopped(options?: Ec2WaiterOptions): Promise<this> {
    return this.#wait(this.connection.waitUntilInstanceStopped(this.#id(), options));
  }

  /** Waits until the instance is `terminated`. */
  waitUntilTerminated(options?: Ec2WaiterOptions): Promise<this> {
    return this.#wait(this.connection.waitUntilInstanceTerminated(this.#id(), options));
  }

  async #wait(waiting: Promise<Instance[]>): Promise<this> {
    const found = (await waiting).find((instance) => instance.id === this.id);
    if (found !== undefined) this.data = found.data;
    return this;
  }

  #id(): string {
    const id = this.id;
    if (id === undefined) throw new ParameterError('EC2: this instance has no InstanceId');
    return id;
  }

  #changed(changes: InstanceStateChange[]): string | undefined {
    const change = changes.find((c) => c.InstanceId === this.id) ?? changes[0];
    if (change?.CurrentState !== undefined) this.data = { ...this.data, State: change.CurrentState };
    return this.state;
  }
}

/** A security group; `authorize()` and `revoke()` open and close it. */
export class SecurityGroup {
  constructor(
    readonly connection: EC2Connection,
    public data: SecurityGroupData,
  ) {}
  get id(): string | undefined {
    return this.data.GroupId;
  }
  get name(): string | undefined {
    return this.data.GroupName;
  }
  get description(): string | undefined {
    return this.data.Description;
  }
  get ownerId(): string | undefined {
    return this.data.OwnerId;
  }
  get vpcId(): string | undefined {
    return this.data.VpcId;
  }
  get rules(): IpPermission[] {
    return this.data.IpPermissions ?? [];
  }

  /**
   * boto's `authorize(ip_protocol, from_port, to_port, cidr_ip, src_group)`: opens the group to a
   * CIDR or to another group.
   */
  async authorize(rule: SecurityGroupRule, options?: Ec2CallOptions): Promise<true> {
    await this.connection.client.authorizeSecurityGroupIngress(this.#ruleInput(rule), options);
    return true;
  }

  /** boto's `revoke(…)`. */
  async revoke(rule: SecurityGroupRule, options?: Ec2CallOptions): Promise<true> {
    await this.connection.client.revokeSecurityGroupIngress(this.#ruleInput(rule), options);
    return true;
  }

  /** `delete()`. */
  async delete(options?: Ec2CallOptions): Promise<true> {
    await this.connection.client.deleteSecurityGroup(
      this.id === undefined ? { GroupName: this.name as string } : { GroupId: this.id },
      options,
    );
    return true;
  }

  #ruleInput(rule: SecurityGroupRule) {
    const permission: IpPermission = {
      IpProtocol: rule.ipProtocol,
      ...(rule.fromPort === undefined ? {} : { FromPort: rule.fromPort }),
      ...(rule.toPort === undefined ? {} : { ToPort: rule.toPort }),
      ...(rule.cidrIp === undefined ? {} : { IpRanges: cidrs(rule.cidrIp).map((CidrIp) => ({ CidrIp })) }),
      ...(rule.srcGroup === undefined
        ? {}
        : {
            UserIdGroupPairs: [
              rule.srcGroup instanceof SecurityGroup
                ? {
                    ...(rule.srcGroup.id === undefined
                      ? { GroupName: rule.srcGroup.name as string }
                      : { GroupId: rule.srcGroup.id }),
                  }
                : rule.srcGroup.startsWith('sg-')
                  ? { GroupId: rule.srcGroup }
                  : { GroupName: rule.srcGroup },
            ],
          }),
    };
    return {
      ...(this.id === undefined ? { GroupName: this.name as string } : { GroupId: this.id }),
      IpPermissions: [permission],
    };
  }
}

/** One rule of `authorize()`/`revoke()`. */
export interface SecurityGroupRule {
  /** `tcp`, `udp`, `icmp` or `-1`. */
  ipProtocol: string;
  fromPort?: number;
  toPort?: number;
  /** One CIDR or several. */
  cidrIp?: string | readonly string[];
  /** Another group (object, id `sg-…` or name) whose members may connect. */
  srcGroup?: SecurityGroup | string;
}

function cidrs(value: string | readonly string[]): string[] {
  return typeof value === 'string' ? [value] : [...value];
}

function tagsOf(tags: Tag[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) out[tag.Key] = tag.Value ?? '';
  return out;
}

function ids(value: string | readonly string[]): string[] {
  return typeof value === 'string' ? [value] : [...value];
}

/** `{ [name]: [...values] }` when values are given (an empty list would ask for nothing, so it is left out). */
function list<K extends string>(
  name: K,
  values: readonly string[] | undefined,
): Partial<Record<K, string[]>> {
  return values === undefined ? {} : ({ [name]: [...values] } as Partial<Record<K, string[]>>);
}

/** boto's filter dictionary as the model's `Filters`. */
function filtersOf(filters: Filters | undefined): { Filters?: Filter[] } {
  if (filters === undefined) return {};
  const out: Filter[] = Object.entries(filters).map(([Name, value]) => ({
    Name,
    Values: typeof value === 'string' ? [value] : [...value],
  }));
  return out.length === 0 ? {} : { Filters: out };
}

/** boto's `run_instances` arguments → `RunInstancesRequest`. */
function runRequest(imageId: string, params: RunOptions): RunInstancesRequest {
  if (typeof imageId !== 'string' || imageId === '') {
    throw new ParameterError('EC2: runInstances needs an image id');
  }
  const minCount = params.minCount ?? 1;
  const input: RunInstancesRequest = {
    ImageId: imageId,
    MinCount: minCount,
    MaxCount: params.maxCount ?? minCount,
  };
  const set = <K extends keyof RunInstancesRequest>(key: K, value: RunInstancesRequest[K] | undefined) => {
    if (value !== undefined) input[key] = value;
  };
  set('KeyName', params.keyName);
  set('SecurityGroups', params.securityGroups === undefined ? undefined : [...params.securityGroups]);
  set('SecurityGroupIds', params.securityGroupIds === undefined ? undefined : [...params.securityGroupIds]);
  // The serializer base64-encodes a string or bytes alike.
  set('UserData', params.userData as string | undefined);
  set('InstanceType', params.instanceType);
  if (params.placement !== undefined || params.placementGroup !== undefined) {
    input.Placement = {
      ...(params.placement === undefined ? {} : { AvailabilityZone: params.placement }),
      ...(params.placementGroup === undefined ? {} : { GroupName: params.placementGroup }),
    };
  }
  set('KernelId', params.kernelId);
  set('RamdiskId', params.ramdiskId);
  if (params.monitoringEnabled !== undefined) input.Monitoring = { Enabled: params.monitoringEnabled };
  set('SubnetId', params.subnetId);
  set('PrivateIpAddress', params.privateIpAddress);
  set('DisableApiTermination', params.disableApiTermination);
  set('InstanceInitiatedShutdownBehavior', params.instanceInitiatedShutdownBehavior);
  set('ClientToken', params.clientToken);
  set('EbsOptimized', params.ebsOptimized);
  set('AdditionalInfo', params.additionalInfo);
  set('DryRun', params.dryRun);
  return input;
}
