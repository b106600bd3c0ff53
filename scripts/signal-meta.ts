/**
 * Derives, from the JSON Schemas, the facts the validator's triage needs and
 * ajv does not expose: which fields of each signal type are required, which
 * are optional, and which optional arrays hold items with required fields of
 * their own. Written to generated/signal-meta.ts.
 */
type Json = Record<string, unknown>;

function resolve(root: Json, node: unknown): Json {
  const ref = (node as Json | undefined)?.$ref;
  if (typeof ref !== 'string') return (node ?? {}) as Json;
  const name = ref.replace('#/definitions/', '');
  const target = (root.definitions as Json)[name];
  if (target === undefined) throw new Error(`signal-content schema: unresolved $ref ${ref}`);
  return resolve(root, target);
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? (v as string[]).slice() : [];
}

function literal(v: unknown): string {
  return JSON.stringify(v);
}

export function buildSignalMeta(content: Json, input: Json): string {
  const types: Record<string, unknown> = {};
  for (const member of content.oneOf as Json[]) {
    const def = resolve(content, member);
    const props = def.properties as Json;
    const signalType = resolve(content, props.signalType).const as string;
    const required = stringList(def.required);
    const itemArrays: Record<string, { required: string[]; fields: string[] }> = {};
    for (const [field, schema] of Object.entries(props)) {
      const prop = resolve(content, schema);
      if (prop.type !== 'array') continue;
      const items = resolve(content, prop.items);
      if (items.type === 'object' && stringList(items.required).length > 0) {
        itemArrays[field] = { required: stringList(items.required), fields: Object.keys(items.properties as Json) };
      }
    }
    types[signalType] = {
      title: def.title,
      required,
      optional: Object.keys(props).filter((f) => !required.includes(f)),
      itemArrays,
    };
  }
  const inputProps = Object.keys(input.properties as Json);
  const inputRequired = stringList(input.required);
  const attributes = Object.keys(((input.properties as Json).identifiableAttributes as Json).properties as Json);
  return `
/** Every signalType the schema defines, in schema order. */
export const SIGNAL_TYPES = ${literal(Object.keys(types))} as const;

/** One of the ${Object.keys(types).length} signal types. */
export type SignalType = (typeof SIGNAL_TYPES)[number];

/** What the schema says of one signal type's fields. */
export interface SignalTypeMeta {
  /** The interface name in generated/signal-content.ts. */
  readonly title: string;
  /** Fields whose absence or invalidity discards the whole signal. */
  readonly required: readonly string[];
  /** Documented fields that are dropped, with a warning, when invalid. */
  readonly optional: readonly string[];
  /** Optional arrays whose items carry required fields (a bad item discards the signal). */
  readonly itemArrays: Readonly<Record<string, { readonly required: readonly string[]; readonly fields: readonly string[] }>>;
}

/** Field facts per signal type. */
export const SIGNAL_META: Readonly<Record<SignalType, SignalTypeMeta>> = ${JSON.stringify(types, null, 2)};

/** Fields of the signal input (SignalInput in schema/connect.graphql). */
export const INPUT_FIELDS = ${literal({ required: inputRequired, optional: inputProps.filter((f) => !inputRequired.includes(f)) })} as const;

/** The identifiable attributes, of which a signal carries exactly one. */
export const IDENTIFIABLE_ATTRIBUTES = ${literal(attributes)} as const;
`;
}
