/** The method table's entries (`generated/methods.ts`) and the options every call takes. */
export type { CallOptions } from '@overcast/runtime/options';

/** How a parameter is sent: `i8` as a 64-bit XML-RPC integer, `template` as template text or XML. */
export type ParamKind = 'int' | 'i8' | 'bool' | 'string' | 'template' | 'int[]';

export interface MethodSpec {
  readonly params: readonly ParamKind[];
  /** How many leading parameters must be given; the rest have server defaults. */
  readonly required: number;
  /**
   * `id` (an integer), `text` (a string that is not XML), `value` (returned as decoded), a
   * document of a generated type with its root element, or XML no XSD describes (a free-form object).
   */
  readonly returns:
    | 'id'
    | 'text'
    | 'value'
    | { readonly document: string; readonly root: string }
    | { readonly untyped: string };
}
