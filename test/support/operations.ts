/**
 * A seeded generator of valid operations over any schema, for differential
 * and property tests: nested selections, aliases, `__typename`, inline
 * fragments on every possible type of an abstract type and on the
 * interfaces of an object, named fragments, and arguments. The same seed
 * gives the same operations; each is validated against the schema and
 * dropped if invalid (e.g. two fragments selecting one response key with
 * different types), so every operation returned is one a server must answer.
 */
import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  validate,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { Random } from '../../subgraphs/kit/seed/random.ts';

export interface GenerateOptions {
  seed: string;
  count: number;
  /** Deepest nesting of selections below the root field. */
  maxDepth?: number;
  /** Values to use for arguments, by coordinate `Type.field(arg:)` or by argument name; one is picked per use. */
  values?: Record<string, unknown[]>;
}

const literal = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? `[${v.map(literal).join(', ')}]` : typeof v === 'object' ? `{ ${Object.entries(v as object).map(([k, x]) => `${k}: ${literal(x)}`).join(', ')} }` : JSON.stringify(v);

export function generateOperations(schema: GraphQLSchema, options: GenerateOptions): string[] {
  const random = new Random(options.seed);
  const maxDepth = options.maxDepth ?? 3;
  const query = schema.getQueryType()!;
  const out = new Set<string>();

  for (let attempt = 0; out.size < options.count && attempt < options.count * 20; attempt++) {
    const fragments: string[] = [];
    let aliases = 0;
    let fragmentCount = 0;

    const inputValue = (type: GraphQLInputType, depth: number): string => {
      const t = getNullableType(type);
      if (isListType(t)) return `[${inputValue(t.ofType, depth)}]`;
      if (isEnumType(t)) return random.pick(t.getValues()).name;
      if (isInputObjectType(t)) {
        const fields = Object.values(t.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
        return `{ ${fields.map((f) => `${f.name}: ${depth > 3 ? 'null' : inputValue(f.type, depth + 1)}`).join(', ')} }`;
      }
      switch (getNamedType(t).name) {
        case 'Int':
          return String(random.int(0, 3));
        case 'Float':
          return String(random.int(0, 30) / 10);
        case 'Boolean':
          return String(random.chance(0.5));
        default:
          return JSON.stringify(String(random.int(1, 3)));
      }
    };
    const argument = (owner: string, field: GraphQLField<unknown, unknown>, a: GraphQLArgument): string | undefined => {
      const given = options.values?.[`${owner}.${field.name}(${a.name}:)`] ?? options.values?.[a.name];
      const required = isNonNullType(a.type) && a.defaultValue === undefined;
      if (!required && !random.chance(given ? 0.7 : 0.3)) return undefined;
      return `${a.name}: ${given ? literal(random.pick(given)) : inputValue(a.type, 0)}`;
    };
    const args = (owner: string, field: GraphQLField<unknown, unknown>) => {
      const list = field.args.map((a) => argument(owner, field, a)).filter(Boolean);
      return list.length ? `(${list.join(', ')})` : '';
    };

    const selection = (type: GraphQLCompositeType, depth: number): string => {
      const parts: string[] = [];
      if (random.chance(0.25)) parts.push(random.chance(0.3) ? `t${++aliases}: __typename` : '__typename');
      if ('getFields' in type) {
        const fields = Object.values(type.getFields());
        const n = Math.min(fields.length, random.int(1, 3));
        for (let i = 0; i < n; i++) parts.push(fieldSelection(type, random.pick(fields), depth));
      }
      if (isAbstractType(type)) {
        const possible = schema.getPossibleTypes(type);
        for (const t of possible) if (random.chance(0.6)) parts.push(fragment(t, depth));
      } else if (isObjectType(type) && type.getInterfaces().length && random.chance(0.3)) {
        parts.push(fragment(random.pick(type.getInterfaces()), depth));
      }
      if (!parts.length) parts.push('__typename');
      return `{ ${parts.join(' ')} }`;
    };
    const fragment = (type: GraphQLCompositeType, depth: number): string => {
      const body = selection(type, depth);
      if (!random.chance(0.35)) return `... on ${type.name} ${body}`;
      const name = `F${++fragmentCount}`;
      fragments.push(`fragment ${name} on ${type.name} ${body}`);
      return `...${name}`;
    };
    const fieldSelection = (owner: GraphQLCompositeType, field: GraphQLField<unknown, unknown>, depth: number): string => {
      const named = getNamedType(field.type);
      const alias = random.chance(0.2) ? `a${++aliases}: ` : '';
      const head = `${alias}${field.name}${args(owner.name, field)}`;
      if (isLeafType(named)) return head;
      if (depth >= maxDepth) return `${head} { __typename }`;
      return `${head} ${selection(named as GraphQLCompositeType, depth + 1)}`;
    };

    const roots = Object.values(query.getFields()).filter((f) => !f.name.startsWith('_'));
    const rootCount = random.int(1, 2);
    const body = Array.from({ length: rootCount }, () => fieldSelection(query, random.pick(roots), 0)).join(' ');
    const text = [`query Q${attempt} { ${body} }`, ...fragments].join('\n');
    let document;
    try {
      document = parse(text);
    } catch {
      continue;
    }
    if (validate(schema, document).length === 0) out.add(text);
  }
  return [...out];
}
