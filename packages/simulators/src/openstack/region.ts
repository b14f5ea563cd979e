/** One region's services: its own servers, images, networks and volumes (Keystone is global). */
import { ComputeState } from './compute-state.js';
import type { CloudContext } from './context.js';
import { ImageState } from './image.js';
import { NetworkState } from './network.js';
import { VolumeState } from './volume.js';

/** Initial data of every region beside the fixed seed, e.g. `{ servers: 10_000 }` for benchmarks. */
export interface OpenStackSeed {
  /** ACTIVE `m1.tiny` servers from the cirros image, without NICs, owned by the first credential. */
  servers?: number;
}

export class RegionState {
  readonly network: NetworkState;
  readonly image: ImageState;
  readonly volume: VolumeState;
  readonly compute: ComputeState;

  constructor(
    readonly name: string,
    cloud: CloudContext,
  ) {
    const now = () => cloud.now();
    this.network = new NetworkState(name, now);
    this.image = new ImageState(name, now);
    this.volume = new VolumeState(name, cloud);
    this.compute = new ComputeState(name, cloud, this.network);
  }

  /** Back to the seed: devstack's networks, the cirros image, the flavors, `seed.servers` servers. */
  reset(seed: OpenStackSeed, owner: { projectId: string; userId: string }): void {
    this.network.reset(owner.projectId);
    this.image.reset(owner.projectId);
    this.volume.reset();
    const cirros = this.image.images.list()[0];
    this.compute.reset(seed, owner, cirros?.id ?? '');
  }
}
