/**
 * The types an operation's answer is built from: every object type whose
 * fields it selects or returns (abstract types stand for all their possible
 * types), root types excepted. A response is tagged with them, cached for
 * the shortest freshness SLA among their data products, and dropped when any
 * of them is invalidated.
 */
import { getNamedType, isAbstractType, isObjectType, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLNamedType, type GraphQLSchema } from 'graphql';

export function touchedTypes(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean).map((t) => t!.name));
  const types = new Set<string>();
  const add = (type: GraphQLNamedType | null | undefined) => {
    if (!type) return;
    if (isAbstractType(type)) for (const t of schema.getPossibleTypes(type)) add(t);
    else if (isObjectType(type) && !roots.has(type.name) && !type.name.startsWith('__')) types.add(type.name);
  };
  const info = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(info, {
      Field() {
        add(info.getParentType());
        const type = info.getType();
        if (type) add(getNamedType(type));
      },
    }),
  );
  return types;
}
