/** The method table's entries (`generated/methods.ts`) and the options every call takes. */
import type { CallOptions as TransportOptions } from '@overcast/runtime/options';
import type { XmlLimits } from '@overcast/runtime/xml';

/** The runtime's call options (`timeout`, `signal`, `headers`, `query`, `retry`), and limits on this call's answer. */
export interface CallOptions extends TransportOptions {
  /** Largest response body accepted, in bytes, over the client's `http.maxResponseSize`. */
  maxResponseSize?: number;
  /** Limits on reading this answer's XML, over the client's `xml` (the same names). */
  xml?: Partial<XmlLimits>;
}

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
