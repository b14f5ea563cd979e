/** Resource tags: `createTags`/`deleteTags` (async, map parameter `tags[i].key/value`) and `listTags`. */

import { NotFound } from '../../store.js';
import { OWNER } from '../cloud.js';
import { type CommandContext, type CommandHandler, listArray } from '../context.js';
import { CloudStackFault, ErrorCode, missingParameter } from '../errors.js';
import type { Tag } from '../model.js';

function target(context: CommandContext) {
  const { params, cloud } = context;
  const resourceType = params.required('resourcetype');
  const resourceIds = params.list('resourceids');
  if (resourceIds === undefined || resourceIds.length === 0)
    throw missingParameter(context.command, 'resourceids');
  const collection = cloud.taggable(resourceType);
  if (collection === undefined) {
    throw new CloudStackFault(ErrorCode.paramError, `Invalid resource type ${resourceType}`);
  }
  return { resourceType, resourceIds, collection };
}

const createTags: CommandHandler = (context) => {
  const { resourceType, resourceIds, collection } = target(context);
  const wanted = context.params.map('tags');
  if (wanted.length === 0) throw missingParameter(context.command, 'tags');
  const job = context.jobs.submit('tag.CreateTags', {
    work: () => {
      for (const resourceId of resourceIds) {
        if (collection.get(resourceId) === NotFound) {
          throw new CloudStackFault(
            ErrorCode.paramError,
            `Unable to find resource by id ${resourceId} and type ${resourceType}`,
          );
        }
      }
      for (const resourceId of resourceIds) {
        collection.update(resourceId, (resource) => {
          const added: Tag[] = wanted.map(({ key = '', value = '' }) => ({
            key,
            value,
            resourcetype: resourceType,
            resourceid: resourceId,
            account: OWNER.account,
            domainid: OWNER.domainid,
            domain: OWNER.domain,
          }));
          const kept = resource.tags.filter((tag) => !added.some((a) => a.key === tag.key));
          return { ...resource, tags: [...kept, ...added] };
        });
      }
      return { success: true };
    },
  });
  return { jobid: job.jobid };
};

const deleteTags: CommandHandler = (context) => {
  const { resourceIds, collection } = target(context);
  const which = context.params.map('tags');
  const job = context.jobs.submit('tag.DeleteTags', {
    work: () => {
      for (const resourceId of resourceIds) {
        collection.update(resourceId, (resource) => ({
          ...resource,
          tags: resource.tags.filter(
            (tag) =>
              which.length > 0 &&
              !which.some((w) => w.key === tag.key && (w.value === undefined || w.value === tag.value)),
          ),
        }));
      }
      return { success: true };
    },
  });
  return { jobid: job.jobid };
};

const listTags: CommandHandler = (context) => {
  const { params } = context;
  const filters = ['resourceid', 'resourcetype', 'key', 'value'].flatMap((field) => {
    const wanted = params.get(field);
    return wanted === undefined ? [] : [[field, wanted] as const];
  });
  const tags = context.cloud
    .allTags()
    .filter((tag) =>
      filters.every(([field, wanted]) =>
        field === 'resourcetype'
          ? tag.resourcetype.toLowerCase() === wanted.toLowerCase()
          : tag[field as keyof Tag] === wanted,
      ),
    );
  return listArray(context, tags, 'tag');
};

export const tagCommands: Record<string, CommandHandler> = { createTags, deleteTags, listTags };
