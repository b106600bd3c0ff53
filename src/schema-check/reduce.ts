/**
 * Cuts a schema down to what `createSignals` uses: the mutation field, the
 * types reachable from its arguments and result. Connect's live type names
 * are unpublished, so the remote schema's types are first paired with the
 * local ones by structure (following createSignals' `signals` argument and
 * its result field by field) and renamed to the local names; graphql-js can
 * then compare the two cut-down schemas.
 */
import type {
  GraphQLArgument, GraphQLField, GraphQLFieldConfigArgumentMap, GraphQLInputField, GraphQLInterfaceType, GraphQLNamedType,
  GraphQLObjectType, GraphQLSchema, GraphQLType,
} from 'graphql';
import { graphqlJs } from './graphql-js.js';

/** The `createSignals` field of a schema's mutation type, if any. */
export function createSignalsField(schema: GraphQLSchema): GraphQLField<unknown, unknown> | undefined {
  return schema.getMutationType()?.getFields().createSignals;
}

function sameKind(a: GraphQLNamedType, b: GraphQLNamedType): boolean {
  const { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, isSpecifiedScalarType, isUnionType } = graphqlJs();
  return (isInputObjectType(a) && isInputObjectType(b)) || (isObjectType(a) && isObjectType(b)) || (isEnumType(a) && isEnumType(b))
    || (isScalarType(a) && isScalarType(b) && !isSpecifiedScalarType(a) && !isSpecifiedScalarType(b))
    || (isInterfaceType(a) && isInterfaceType(b)) || (isUnionType(a) && isUnionType(b));
}

/** Pairs remote type names with local ones, by structure: remote name → local name. */
export function pairTypeNames(local: GraphQLSchema, remote: GraphQLSchema): Map<string, string> {
  const { getNamedType, isInputObjectType, isObjectType } = graphqlJs();
  const names = new Map<string, string>();
  const walk = (l: GraphQLNamedType, r: GraphQLNamedType): void => {
    if (names.has(r.name) || !sameKind(l, r)) return;
    names.set(r.name, l.name);
    if ((isInputObjectType(l) && isInputObjectType(r)) || (isObjectType(l) && isObjectType(r))) {
      const rFields: Record<string, GraphQLInputField | GraphQLField<unknown, unknown>> = r.getFields();
      for (const [name, lf] of Object.entries(l.getFields())) {
        const rf = rFields[name];
        if (rf !== undefined) walk(getNamedType(lf.type as GraphQLType), getNamedType(rf.type as GraphQLType));
      }
    }
  };
  const l = createSignalsField(local);
  const r = createSignalsField(remote);
  if (l === undefined || r === undefined) return names;
  for (const arg of l.args) {
    const rArg = r.args.find((a) => a.name === arg.name);
    if (rArg !== undefined) walk(getNamedType(arg.type), getNamedType(rArg.type));
  }
  walk(getNamedType(l.type), getNamedType(r.type));
  return names;
}

/** A schema holding only `Mutation.createSignals` and the types it reaches, renamed by `rename`. */
export function reduceToCreateSignals(schema: GraphQLSchema, rename: (name: string) => string = (n) => n): GraphQLSchema | undefined {
  const field = createSignalsField(schema);
  if (field === undefined) return undefined;
  const {
    GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLScalarType,
    GraphQLSchema, GraphQLString, GraphQLUnionType, isEnumType, isInputObjectType, isInterfaceType, isListType, isNonNullType,
    isObjectType, isScalarType, isSpecifiedScalarType, isUnionType,
  } = graphqlJs();
  const built = new Map<string, GraphQLNamedType>();

  const args = (list: readonly GraphQLArgument[]): GraphQLFieldConfigArgumentMap =>
    Object.fromEntries(list.map((a) => [a.name, { type: wrap(a.type) as never, defaultValue: a.defaultValue }]));
  const outputFields = (t: GraphQLObjectType | GraphQLInterfaceType) => () =>
    Object.fromEntries(Object.values(t.getFields()).map((f) => [f.name, { type: wrap(f.type) as never, args: args(f.args) }]));

  function named(t: GraphQLNamedType): GraphQLNamedType {
    if (isScalarType(t) && isSpecifiedScalarType(t)) return t;
    const name = rename(t.name);
    const done = built.get(name);
    if (done !== undefined) return done;
    let out: GraphQLNamedType;
    if (isScalarType(t)) out = new GraphQLScalarType({ name });
    else if (isEnumType(t)) out = new GraphQLEnumType({ name, values: Object.fromEntries(t.getValues().map((v) => [v.name, {}])) });
    else if (isInputObjectType(t)) {
      out = new GraphQLInputObjectType({
        name,
        fields: () => Object.fromEntries(Object.values(t.getFields()).map((f) => [f.name, { type: wrap(f.type) as never, defaultValue: f.defaultValue }])),
      });
    } else if (isObjectType(t)) out = new GraphQLObjectType({ name, fields: outputFields(t) });
    else if (isInterfaceType(t)) out = new GraphQLInterfaceType({ name, fields: outputFields(t) });
    else if (isUnionType(t)) out = new GraphQLUnionType({ name, types: () => t.getTypes().map((m) => named(m) as GraphQLObjectType) });
    else throw new Error(`unexpected type ${String(t)}`);
    built.set(name, out);
    return out;
  }

  function wrap(t: GraphQLType): GraphQLType {
    if (isNonNullType(t)) return new GraphQLNonNull(wrap(t.ofType) as never);
    if (isListType(t)) return new GraphQLList(wrap(t.ofType));
    return named(t);
  }

  const mutation = new GraphQLObjectType({
    name: 'Mutation',
    fields: () => ({ createSignals: { type: wrap(field.type) as never, args: args(field.args) } }),
  });
  // A query type so that both cut-down schemas are complete, and identical in this respect.
  const query = new GraphQLObjectType({ name: 'Query', fields: { _: { type: GraphQLString } } });
  return new GraphQLSchema({ query, mutation });
}
