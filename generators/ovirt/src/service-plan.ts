/**
 * What each service method becomes in TypeScript and on the wire: its kind (from the deepest base),
 * its body parameter, its other model parameters, its return type and the base-class call. Shared by
 * the emitter and the digest so both print the same API.
 *
 * Every method takes its model parameters and the runtime's `CallOptions` as two separate arguments
 * (`upgrade(parameters?, options?)`), so a model parameter may share a name with a call option
 * (`HostService.upgrade`'s `timeout`, in minutes): it is listed in `optionNamed`, and the `Service`
 * base then sends it as a parameter instead of refusing it as a misplaced call option.
 */
import { GeneratorError, optionClashes } from '@overcast/generator-core';
import { CALL_OPTION_NAMES } from '@overcast/runtime';
import type { LocatorIr, MethodIr, OvirtIr, ParameterIr, ServiceIr, StructIr } from './ir.js';
import { methodName, propertyName, segment, serviceClass, tagName } from './ts-names.js';
import { elementOf, typeText } from './type-texts.js';

export type MethodKind = 'get' | 'list' | 'add' | 'update' | 'remove' | 'action';

export interface MethodPlan {
  method: MethodIr;
  name: string;
  kind: MethodKind;
  /** add/update: the parameter sent as the body. */
  body: ParameterIr | undefined;
  /** Every other input parameter: the model parameters (query parameters, or `<action>` members). */
  parameters: ParameterIr[];
  /** The property names of `parameters` that are also call-option names (`timeout`). */
  optionNamed: string[];
  /** Return type text (qualified with `types.`). */
  returns: string;
  /** action: the URL segment and the `<action>` member returned. */
  actionSegment?: string;
  output?: ParameterIr;
}

export interface LocatorPlan {
  locator: LocatorIr;
  name: string;
  target: string;
  /** The URL segment, or undefined when the locator takes the id as its segment. */
  segment: string | undefined;
  parameter: string | undefined;
}

const PLAIN_KINDS = new Set(['get', 'list', 'add', 'update', 'remove']);

export function planMethods(service: ServiceIr): MethodPlan[] {
  const byName = new Map(service.methods.map((method) => [method.name, method]));
  const deepest = (method: MethodIr): string => {
    const base = method.base === undefined ? undefined : byName.get(method.base);
    return base === undefined ? (method.base ?? method.name) : deepest(base);
  };
  return service.methods.map((method) => {
    const root = deepest(method);
    const kind = (PLAIN_KINDS.has(root) ? root : 'action') as MethodKind;
    const inputs = method.parameters.filter((parameter) => parameter.in);
    const body = kind === 'add' || kind === 'update' ? inputs.find((parameter) => parameter.out) : undefined;
    if ((kind === 'add' || kind === 'update') && body === undefined) {
      throw new GeneratorError(`${service.name}.${method.name}: ${kind} without a body parameter`);
    }
    const output = method.parameters.find((parameter) => parameter.out);
    if (kind !== 'action') checkQueryNames(service, method, inputs);
    const parameters = inputs.filter((parameter) => parameter !== body);
    const plan: MethodPlan = {
      method,
      name: methodName(method),
      kind,
      body,
      parameters,
      optionNamed: optionClashes(
        parameters.map((parameter) => propertyName(parameter.name)),
        CALL_OPTION_NAMES,
      ),
      returns: returnsOf(kind, output, `${service.name}.${method.base ?? method.name}`),
    };
    if (kind === 'action') {
      plan.actionSegment = segment(root);
      if (output !== undefined) plan.output = output;
    }
    return plan;
  });
}

/**
 * Query parameters are sent under the snake_case of their property (the `Service` base's
 * `wireName`): fail here if that would not give the model's tag name.
 */
function checkQueryNames(service: ServiceIr, method: MethodIr, inputs: ParameterIr[]): void {
  for (const parameter of inputs) {
    const sent = propertyName(parameter.name).replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    if (sent !== tagName(parameter.name)) {
      throw new GeneratorError(
        `${service.name}.${method.name}: parameter ${parameter.name} would be sent as ${sent}`,
      );
    }
  }
}

/**
 * Actions whose output the engine leaves out of some successful answers. Every other action's
 * `@Out` parameter is in every answer: the engine's REST layer (ovirt-engine's `Backend*Resource`
 * classes) sets it on each call: `isAttached` from the query it runs, `ticket` and `proxyTicket`
 * from the ticket it makes when none is given, the discoveries (`iscsiDiscover`, `discoverIscsi`,
 * `unregisteredStorageDomainsDiscover`) from the list it found, empty included. The exceptions:
 * - `fence`: `power_management` only for `fence_type=status`;
 * - `remote_viewer_connection_file`: "generates the file only if virtual machine is running" (the
 *   model); otherwise the engine answers 204 with no body;
 * - `get_profile_statistics`: the engine answers the details themselves, not an `<action>`
 *   holding them, so no `details` member is read.
 */
const SOMETIMES_ANSWERED = new Set([
  'host.fence',
  'vm_graphics_console.remote_viewer_connection_file',
  'gluster_volume.get_profile_statistics',
]);

/** `method` is `service.method` in IR names, the base method's for a signature variant. */
function returnsOf(kind: MethodKind, output: ParameterIr | undefined, method: string): string {
  if (kind === 'remove' || output === undefined) return 'void';
  const text = typeText(output.type, 'types.');
  return kind === 'action' && SOMETIMES_ANSWERED.has(method) ? `${text} | undefined` : text;
}

export function planLocators(service: ServiceIr): LocatorPlan[] {
  return service.locators.map((locator) => {
    const [parameter] = locator.parameters;
    return {
      locator,
      name: propertyName(`${locator.name}_service`),
      target: serviceClass(locator.service),
      segment: parameter === undefined ? segment(locator.name) : undefined,
      parameter: parameter === undefined ? undefined : propertyName(parameter.name),
    };
  });
}

/** The parameters type of a method: `VmStartParameters`, `VmsAddFromScratchParameters`. */
export function parametersName(service: ServiceIr, plan: MethodPlan): string {
  return `${serviceClass(service.name).replace(/Service$/, '')}${plan.name[0]?.toUpperCase()}${plan.name.slice(1)}Parameters`;
}

/**
 * The status enum of a service's entity, when its `get` returns a struct with an enum `status`:
 * such services get `waitFor(status)`.
 */
export function statusEnum(ir: OvirtIr, plans: MethodPlan[]): string | undefined {
  const get = plans.find((plan) => plan.kind === 'get' && plan.method.base === undefined);
  const output = get?.method.parameters.find((parameter) => parameter.out);
  if (output === undefined || elementOf(output.type)[1]) return undefined;
  const structs = new Map(
    ir.types.filter((type): type is StructIr => type.kind === 'struct').map((type) => [type.name, type]),
  );
  for (let struct = structs.get(output.type); struct !== undefined; struct = structs.get(struct.base ?? '')) {
    const status = struct.attributes.find((attribute) => attribute.name === 'status');
    if (status !== undefined) {
      const type = ir.types.find((candidate) => candidate.name === status.type);
      return type?.kind === 'enum' ? status.type : undefined;
    }
  }
  return undefined;
}
