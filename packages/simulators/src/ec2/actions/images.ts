/**
 * DescribeImages (ec2-api `image.py` over Glance): the seeded images, selected by `ImageId.N`,
 * filtered, each formatted as `_format_image` does (`imageLocation` is `None (<name>)` for a Glance
 * image without a location, as on the real server). `Owner.N` and `ExecutableBy.N` are ignored, as
 * ec2-api ignores them.
 */
import { ids } from '../args.js';
import type { Action } from '../context.js';
import { checkFilterNames, type FilterMap, matches, parseFilters, taggable } from '../describe.js';
import { notFound } from '../errors.js';
import type { Image, Tag } from '../state.js';
import type { XmlObject } from '../xml.js';
import { formatTags } from './tags.js';

const IMAGE_FILTERS: FilterMap = taggable({
  architecture: 'architecture',
  'block-device-mapping.device-name': { each: ['blockDeviceMapping', 'deviceName'] },
  'block-device-mapping.snapshot-id': { each: ['blockDeviceMapping', ['ebs', 'snapshotId']] },
  'block-device-mapping.volume-size': { each: ['blockDeviceMapping', ['ebs', 'volumeSize']] },
  description: 'description',
  'image-id': 'imageId',
  'image-type': 'imageType',
  'is-public': 'isPublic',
  kernel_id: 'kernelId',
  name: 'name',
  'owner-id': 'imageOwnerId',
  'ramdisk-id': 'ramdiskId',
  'root-device-name': 'rootDeviceName',
  'root-device-type': 'rootDeviceType',
  state: 'imageState',
});

export function formatImage(image: Image, tags: readonly Tag[] | undefined): XmlObject {
  return {
    imageId: image.id,
    imageOwnerId: image.ownerId,
    imageType: 'machine',
    isPublic: image.isPublic,
    architecture: image.architecture,
    creationDate: image.createdAt,
    ...(image.description === undefined ? {} : { description: image.description }),
    imageState: image.state,
    imageLocation: `None (${image.name})`,
    name: image.name,
    rootDeviceType: 'instance-store',
    ...formatTags(tags),
  };
}

export const describeImages: Action = (context, args) => {
  const imageIds = ids(args, 'image_id', ['ami', 'ari', 'aki']);
  const filters = parseFilters(args);
  checkFilterNames(filters, IMAGE_FILTERS, true);
  const { cloud } = context;
  for (const id of imageIds ?? []) if (!cloud.images.has(id)) throw notFound('ami', id);
  const tags = cloud.tagIndex();
  const wanted = imageIds === undefined ? undefined : new Set(imageIds);
  const imagesSet: XmlObject[] = [];
  for (const image of cloud.images.values()) {
    if (wanted !== undefined && !wanted.has(image.id)) continue;
    const formatted = formatImage(image, tags.get(image.id));
    if (matches(formatted, filters, IMAGE_FILTERS)) imagesSet.push(formatted);
  }
  return { imagesSet };
};
