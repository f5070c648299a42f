/**
 * What an answer must be under a policy that denies some fields, computed
 * independently of the gateway's rewrite: graphql-js executes the original
 * operation over a data source, with every denied `Type.field` (decided on
 * the object's concrete type, as GraphQL executes it) resolving to null —
 * so null propagation, fragments, aliases and covariant fields follow
 * graphql-js's own semantics rather than ours.
 *
 * Data sources: `answerSource` reads an existing answer (plain Apollo's, to
 * which the operation asked every object's type under `typenameKey`),
 * `syntheticSource` makes deterministic data for any schema.
 */
import {
  executeSync,
  getNamedType,
  getNullableType,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  responsePathAsArray,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  type GraphQLSchema,
  type GraphQLTypeResolver,
} from 'graphql';

export interface DataSource {
  fieldResolver: GraphQLFieldResolver<unknown, unknown>;
  typeResolver: GraphQLTypeResolver<unknown, unknown>;
}

export interface Predicted {
  data: Record<string, unknown> | null | undefined;
  /** Where a denied field's value was replaced with null: concrete coordinate and response path. */
  denied: { coordinate: string; path: (string | number)[] }[];
}

export function executeUnderPolicy(schema: GraphQLSchema, document: DocumentNode, source: DataSource, denied: (coordinate: string) => boolean, root: unknown = {}, variables: Record<string, unknown> = {}): Predicted {
  const hits: Predicted['denied'] = [];
  const result = executeSync({
    schema,
    document,
    variableValues: variables,
    rootValue: root,
    typeResolver: source.typeResolver,
    fieldResolver: (parent, args, ctx, info) => {
      const coordinate = `${info.parentType.name}.${info.fieldName}`;
      if (!info.fieldName.startsWith('__') && denied(coordinate)) {
        hits.push({ coordinate, path: responsePathAsArray(info.path) });
        return null;
      }
      return source.fieldResolver(parent, args, ctx, info);
    },
  });
  return { data: result.data as Predicted['data'], denied: hits };
}

/** Reads an answer back: each field from its response key, each object's type from `typenameKey`. */
export function answerSource(typenameKey: string): DataSource {
  return {
    fieldResolver: (parent, _args, _ctx, info) => (parent as Record<string, unknown>)[info.fieldNodes[0].alias?.value ?? info.fieldName],
    typeResolver: (value) => (value as Record<string, string>)[typenameKey],
  };
}

/** Deterministic data for any schema: each value depends on its object and field name (not on aliases), so differently shaped operations read the same data. */
export function syntheticSource(schema: GraphQLSchema): DataSource {
  const hash = (text: string) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h >>> 0;
  };
  interface Obj {
    __typename: string;
    seed: string;
  }
  const value = (type: GraphQLOutputType, seed: string, nullable: boolean): unknown => {
    if (nullable && hash(`${seed}:null`) % 7 === 0) return null;
    const t = getNullableType(type);
    if (isListType(t)) return Array.from({ length: 1 + (hash(`${seed}:n`) % 3) }, (_, i) => value(t.ofType, `${seed}[${i}]`, !isNonNullType(t.ofType)));
    const named = getNamedType(t);
    if (isLeafType(named)) {
      if ('getValues' in named) {
        const values = named.getValues();
        return values[hash(seed) % values.length].value;
      }
      switch (named.name) {
        case 'Int':
          return hash(seed) % 100;
        case 'Float':
          return (hash(seed) % 1000) / 10;
        case 'Boolean':
          return hash(seed) % 2 === 0;
        default:
          return `v${hash(seed) % 10_000}`;
      }
    }
    const possible = isAbstractType(named) ? schema.getPossibleTypes(named) : [named];
    const concrete = possible[hash(`${seed}:type`) % possible.length];
    return { __typename: concrete.name, seed } satisfies Obj;
  };
  return {
    fieldResolver: (parent, _args, _ctx, info) => {
      const seed = `${(parent as Obj).seed ?? 'root'}.${info.fieldName}`;
      return value(info.returnType, seed, !isNonNullType(info.returnType));
    },
    typeResolver: (v) => (v as Obj).__typename,
  };
}
