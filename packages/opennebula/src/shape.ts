/**
 * The decoding metadata the generator emits (`generated/shapes.ts`): for each record type, how
 * each child element is read.
 */
export type FieldSpec =
  | { readonly kind: 'integer' | 'decimal' | 'string' | 'template'; readonly many?: true }
  | { readonly kind: 'record'; readonly type: string; readonly many?: true };

export type Shape = Readonly<Record<string, FieldSpec>>;
