/**
 * Arguments, filters and thresholds are reads, decided before planning. Two
 * aliases of `atRiskAccounts(minChurnRisk: 0.62)` and `(minChurnRisk: 0.64)`
 * tell which accounts' churn risk lies between the two as surely as reading
 * `churnRisk` would, so an argument (or filter input field) that reads a field
 * (`@reads` in the supergraph) is allowed only to a principal who may read
 * that field in clear on every row it can see (`decideRead`). A field whose
 * arguments read what the principal may not is removed from the operation
 * like a denied field: null and a FORBIDDEN error naming the argument and the
 * rule, and no subgraph is asked for it. Selected on an interface, it is
 * refused on the concrete types whose declaration of the field reads what
 * the principal may not (or all, when the interface's own declaration does).
 *
 * What an argument reads depends on its value, so the decision takes the
 * operation's variables: a filter given `null` reads nothing, a default value
 * reads like one written out, and variables that do not coerce count as given
 * (execution would refuse them anyway; here nothing is left to chance).
 */
import {
  getArgumentValues,
  getVariableValues,
  isAbstractType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { readingInputs, readsGiven, type ReadingInput } from '../../policies/engine/reads.ts';
import type { Decision } from '../../policies/engine/types.ts';
import type { ArgumentDenial } from './prune.ts';

/** A field of the document whose arguments can read other fields (one per type that declares what they read). */
export interface ReadingSite {
  node: FieldNode;
  /** The type the field is selected on. */
  typeName: string;
  field: GraphQLField<unknown, unknown>;
  coordinate: string;
  inputs: ReadingInput[];
}

/** Every field of the document (operation and fragments) whose arguments can read other fields; depends only on the document and the supergraph. */
export function readingSites(schema: GraphQLSchema, reads: ReadonlyMap<string, readonly string[]>, document: DocumentNode): ReadingSite[] {
  if (!reads.size) return [];
  const sites: ReadingSite[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field || !field.args.length) return;
        // Selected on an interface, the field is resolved on an implementation: what each declares it reads counts too.
        const owners = isAbstractType(parent) ? [parent, ...schema.getPossibleTypes(parent)] : [parent];
        for (const owner of owners) {
          const def = 'getFields' in owner ? owner.getFields()[field.name] : undefined;
          const inputs = def ? readingInputs(reads, owner.name, def) : [];
          if (inputs.length) sites.push({ node, typeName: owner.name, field: def!, coordinate: `${owner.name}.${field.name}`, inputs });
        }
      },
    }),
  );
  return sites;
}

/**
 * The fields whose arguments, with these variables, read what the principal
 * may not read in clear: per field node, the concrete types it is refused on
 * (those of the type that declares the read), each with the first such read.
 */
export function deniedArguments(
  schema: GraphQLSchema,
  reads: ReadonlyMap<string, readonly string[]>,
  operation: OperationDefinitionNode,
  sites: readonly ReadingSite[],
  variables: Record<string, unknown> | undefined,
  decideRead: (coordinate: string) => Decision,
): Map<FieldNode, Map<string, ArgumentDenial>> {
  const denied = new Map<FieldNode, Map<string, ArgumentDenial>>();
  if (!sites.length) return denied;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  for (const site of sites) {
    const values = coerced.coerced ? argumentValues(site, coerced.coerced) : undefined;
    const made = values ? readsGiven(reads, site.typeName, site.field, values) : site.inputs;
    for (const input of made) {
      const refused = input.reads.map((reads) => ({ reads, decision: decideRead(reads) })).find((r) => r.decision.effect !== 'allow');
      if (!refused) continue;
      const byType = denied.get(site.node) ?? new Map<string, ArgumentDenial>();
      denied.set(site.node, byType);
      const owner = schema.getType(site.typeName);
      for (const t of isAbstractType(owner) ? schema.getPossibleTypes(owner) : [{ name: site.typeName }]) {
        if (!byType.has(t.name)) byType.set(t.name, { coordinate: site.coordinate, argument: input.path.join('.'), reads: refused.reads, decision: refused.decision });
      }
      break;
    }
  }
  return denied;
}

/** The field's argument values as execution will see them; undefined when they cannot be known (then every argument counts as given). */
function argumentValues(site: ReadingSite, variables: Record<string, unknown>): Record<string, unknown> | undefined {
  try {
    return getArgumentValues(site.field as never, site.node, variables);
  } catch {
    return undefined;
  }
}
