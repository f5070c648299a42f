/**
 * Where a field's arguments read other fields (`@reads` in the schema, kept
 * in SchemaFacts.reads): an argument itself, or an input field at any depth
 * of an input object argument (`filter.emailContains`). Shared by the
 * gateway (before planning) and the subgraphs (before resolving).
 */
import { getNamedType, isInputObjectType, isListType, isNonNullType, type GraphQLInputType } from 'graphql';

type Reads = ReadonlyMap<string, readonly string[]>;
interface FieldWithArgs {
  name: string;
  args: readonly { name: string; type: GraphQLInputType }[];
}

/** One place in a field's arguments that reads fields: the path to it (argument, then input fields) and what it reads. */
export interface ReadingInput {
  path: string[];
  reads: readonly string[];
}

/** Every place in a field's arguments that can read a field, through nested input objects (each input type once). */
export function readingInputs(reads: Reads, typeName: string, field: FieldWithArgs): ReadingInput[] {
  const found: ReadingInput[] = [];
  const visit = (type: GraphQLInputType, path: string[], seen: ReadonlySet<string>) => {
    const named = getNamedType(type);
    if (!isInputObjectType(named) || seen.has(named.name)) return;
    for (const f of Object.values(named.getFields())) {
      const read = reads.get(`${named.name}.${f.name}`);
      if (read) found.push({ path: [...path, f.name], reads: read });
      visit(f.type, [...path, f.name], new Set(seen).add(named.name));
    }
  };
  for (const a of field.args) {
    const read = reads.get(`${typeName}.${field.name}(${a.name}:)`);
    if (read) found.push({ path: [a.name], reads: read });
    visit(a.type, [a.name], new Set());
  }
  return found;
}

/** The reads that these argument values make: every argument and input field given a value (not null), at any depth. */
export function readsGiven(reads: Reads, typeName: string, field: FieldWithArgs, args: Record<string, unknown>): ReadingInput[] {
  const found: ReadingInput[] = [];
  const walk = (type: GraphQLInputType, value: unknown, path: string[]) => {
    if (value === null || value === undefined) return;
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) {
      if (Array.isArray(value)) value.forEach((v) => walk(inner.ofType, v, path));
      return;
    }
    if (!isInputObjectType(inner) || typeof value !== 'object') return;
    for (const [name, f] of Object.entries(inner.getFields())) {
      const v = (value as Record<string, unknown>)[name];
      if (v === null || v === undefined) continue;
      const read = reads.get(`${inner.name}.${name}`);
      if (read) found.push({ path: [...path, name], reads: read });
      walk(f.type, v, [...path, name]);
    }
  };
  for (const a of field.args) {
    const value = args[a.name];
    if (value === null || value === undefined) continue;
    const read = reads.get(`${typeName}.${field.name}(${a.name}:)`);
    if (read) found.push({ path: [a.name], reads: read });
    walk(a.type, value, [a.name]);
  }
  return found;
}
