/** The fixed catalogue: zones, service offerings, network offerings and templates (read-only). */
import { type CommandHandler, listFilter, listPage } from '../context.js';
import { CloudStackFault, ErrorCode } from '../errors.js';

const TEMPLATE_FILTERS = [
  'featured',
  'self',
  'selfexecutable',
  'sharedexecutable',
  'executable',
  'community',
  'all',
];

export const catalogCommands: Record<string, CommandHandler> = {
  listZones: (context) => listPage(context, context.cloud.zones, 'zone', listFilter(context)),
  listServiceOfferings: (context) =>
    listPage(context, context.cloud.serviceOfferings, 'serviceoffering', listFilter(context)),
  listNetworkOfferings: (context) =>
    listPage(context, context.cloud.networkOfferings, 'networkoffering', listFilter(context, ['state'])),
  listTemplates: (context) => {
    // The server validates the filter against its enum; every seeded template is public and featured.
    const filter = context.params.required('templatefilter');
    if (!TEMPLATE_FILTERS.includes(filter)) {
      throw new CloudStackFault(
        ErrorCode.paramError,
        `Please specify a valid template filter, one of ${TEMPLATE_FILTERS.join(', ')}`,
      );
    }
    return listPage(context, context.cloud.templates, 'template', listFilter(context, ['zoneid']));
  },
};
