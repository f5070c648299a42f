/**
 * A filter is a read: `contacts(filter: { emailContains: "acme" })` tells
 * whose email contains "acme" as surely as selecting the email would. The
 * gateway and the subgraph refuse such reads from callers who may not read
 * the field in clear, and both learn what a filter reads from the schema
 * (`@reads(field: "Contact.email")` on the input field), since the gateway
 * only has the supergraph. The kit knows it too, from its table definitions
 * (filter → column → field, or the filter's explicit `reads`): at start it
 * checks that the two agree, so a schema cannot understate what a filter reads.
 */
import { getNamedType, isInputObjectType, isObjectType, type GraphQLSchema } from 'graphql';
import { tableFiltered } from './resolvers.ts';
import type { TableDef } from './table.ts';

/** The field a table filter reads: its explicit `reads`, or the field of the table's type its column backs. */
export function filterReads(t: TableDef, filter: string, schema: GraphQLSchema): string | undefined {
  const rule = t.filters?.[filter];
  if (!rule) return undefined;
  if (rule.reads) return rule.reads;
  const type = schema.getType(t.type);
  const fields = isObjectType(type) ? type.getFields() : {};
  const field = Object.entries(t.columns).find(([name, column]) => column === rule.column && fields[name])?.[0];
  return field && `${t.type}.${field}`;
}

/** Every disagreement between the resolvers' table filters and the schema's `@reads`, as sentences. */
export function filterReadsProblems(schema: GraphQLSchema, resolvers: Record<string, unknown>, reads: ReadonlyMap<string, readonly string[]>): string[] {
  const problems: string[] = [];
  for (const [typeName, fieldResolvers] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type) || typeof fieldResolvers !== 'object' || !fieldResolvers) continue;
    for (const [fieldName, resolver] of Object.entries(fieldResolvers)) {
      const t = tableFiltered(resolver);
      const filterArg = type.getFields()[fieldName]?.args.find((a) => a.name === 'filter');
      if (!t || !filterArg) continue;
      const input = getNamedType(filterArg.type);
      if (!isInputObjectType(input)) continue;
      const at = `${typeName}.${fieldName}(filter:)`;
      for (const name of Object.keys(input.getFields())) {
        const coordinate = `${input.name}.${name}`;
        if (!t.filters?.[name]) {
          problems.push(`${at}: ${coordinate} has no filter in table ${t.table}`);
          continue;
        }
        const expected = filterReads(t, name, schema);
        if (!expected) {
          problems.push(`${at}: filter "${name}" of table ${t.table} reads column ${t.filters[name].column}, which backs no field of ${t.type}; give the filter the field it reads (e.g. eq('${t.filters[name].column}', '${t.type}.<field>'))`);
          continue;
        }
        const declared = reads.get(coordinate) ?? [];
        if (declared.length !== 1 || declared[0] !== expected) {
          problems.push(`${at}: ${coordinate} reads ${expected} (table ${t.table}, column ${t.filters[name].column}), but the schema declares ${declared.length ? declared.map((d) => `@reads(field: "${d}")`).join(' ') : 'no @reads'}`);
        }
      }
      for (const name of Object.keys(t.filters ?? {})) if (!input.getFields()[name]) problems.push(`${at}: table ${t.table} has filter "${name}", which ${input.name} does not offer`);
    }
  }
  return problems;
}
