/**
 * The escape hatch of closed answer types: every field of an answer by any name, for the fields a
 * newer server or a plugin sends that the pinned listApis does not list (the typed fields stay
 * typed on the answer itself).
 *
 * ```ts
 * const vm = (await cs.listVirtualMachines({ id })).virtualmachine[0];
 * vm.state;                          // typed
 * fieldsOf(vm)['leaseexpirydate'];   // unknown: check it before use
 * ```
 */
export function fieldsOf(answer: object): Readonly<Record<string, unknown>> {
  return answer as Readonly<Record<string, unknown>>;
}
