/**
 * The columns of an export: the list field's element type's fields that hold
 * values (scalars, enums, lists of them) and take no required argument, plus
 * `<relation>.id` for each to-one relation to an entity with an id, so BI
 * models can join. Named after the fields, described by the schema's
 * descriptions. A column the caller may not read at all (the policy's
 * decision `deny`) is left out and named, as a denied field is in a GraphQL
 * answer; masked columns stay, with the masked values. Pure.
 */
import { getNamedType, isLeafType, isListType, isNonNullType, isObjectType, type GraphQLField, type GraphQLObjectType } from 'graphql';
import type { Decision } from '../../policies/engine/types.ts';

export interface Column {
  /** Header name: the field, or `relation.id`. */
  name: string;
  /** Where the value sits in a row of the GraphQL answer. */
  path: string[];
  type: string;
  description: string | null;
  /** The field coordinates the column reads. */
  reads: string[];
}

export interface ExportColumns {
  columns: Column[];
  /** Left out: the caller may not read them. */
  denied: Column[];
  /** The GraphQL selection of the allowed columns, e.g. `id name account { id }`. */
  selection: string;
}

const takesNoRequiredArgument = (f: GraphQLField<unknown, unknown>) => f.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined);

export function exportColumns(type: GraphQLObjectType, decide: (coordinate: string) => Decision): ExportColumns {
  const all: Column[] = [];
  for (const field of Object.values(type.getFields())) {
    if (!takesNoRequiredArgument(field)) continue;
    const named = getNamedType(field.type);
    const inner = isNonNullType(field.type) ? field.type.ofType : field.type;
    const coordinate = `${type.name}.${field.name}`;
    if (isLeafType(named)) {
      all.push({ name: field.name, path: [field.name], type: String(field.type), description: field.description ?? null, reads: [coordinate] });
    } else if (isObjectType(named) && !isListType(inner)) {
      const id = named.getFields().id;
      if (!id || !isLeafType(getNamedType(id.type))) continue;
      all.push({ name: `${field.name}.id`, path: [field.name, 'id'], type: String(id.type), description: field.description ?? null, reads: [coordinate, `${named.name}.id`] });
    }
  }
  const columns = all.filter((c) => readable(c, decide));
  return { columns, denied: all.filter((c) => !readable(c, decide)), selection: selectionOf(columns) };
}

/** A column is readable when the caller may read every field it reads (a mask still reads). */
export const readable = (column: Column, decide: (coordinate: string) => Decision) => column.reads.every((r) => decide(r).effect !== 'deny');

/** Names the columns the caller may not read, for the reply's headers; a file has no `errors` to say it. */
export const deniedColumnsHeader = (denied: readonly Column[]): Record<string, string> | undefined =>
  denied.length ? { 'x-dpg-denied-columns': denied.map((c) => c.name).join(', ') } : undefined;

function selectionOf(columns: readonly Column[]): string {
  return columns.map((c) => (c.path.length === 1 ? c.path[0] : `${c.path[0]} { ${c.path[1]} }`)).join(' ');
}
