/**
 * The decoding metadata the generator emits (`generated/shapes.ts`): for each record type, how
 * each child element is read, and how its value is stored on the record.
 */
export type FieldSpec = (
  | { readonly kind: 'integer' | 'decimal' | 'string' | 'template' }
  | { readonly kind: 'record'; readonly type: string }
) & {
  readonly many?: true;
  /** Stores the field's value (for a repeatable field: its array) on a record being built. */
  readonly set: (record: Record<string, unknown>, value: unknown) => void;
};

export type Shape = Readonly<Record<string, FieldSpec>>;
