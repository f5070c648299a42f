/**
 * The data-product catalog: each live subgraph's descriptor joined with the
 * fields its schema actually publishes, so what a BI user reads in the catalog
 * is what they can query, and with the clients that used it recently (from
 * gateway usage). Pure: the caller supplies the stored versions and usage.
 */
import { Kind, parse, print, type FieldDefinitionNode, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from 'graphql';
import type { Classification, DataProduct } from '../policies/dataProduct.ts';
import type { SubgraphVersion } from './store.ts';
import { clientsOfTypes } from './usage/clients.ts';
import type { OperationDay } from './usage/store.ts';

export interface CatalogField {
  type: string;
  field: string;
  returns: string;
  description: string | null;
  tags: string[];
  classification: Classification;
}

export interface CatalogEntry extends Omit<DataProduct, 'fields'> {
  domain: string;
  team: string;
  contact: string | null;
  subgraph: string;
  version: number;
  lastPublishedAt: string;
  fields: CatalogField[];
  /** Clients whose operations read the product within the usage window, busiest first. */
  clients: { client: string; requests: number; lastSeen: string }[];
}

type ObjectNode = ObjectTypeDefinitionNode | ObjectTypeExtensionNode;

const tagsOf = (node: { directives?: readonly { name: { value: string }; arguments?: readonly any[] }[] }) =>
  (node.directives ?? []).filter((d) => d.name.value === 'tag').map((d) => d.arguments?.find((a) => a.name.value === 'name')?.value?.value as string);

/** Object types declared in a subgraph SDL with their fields (definitions and extensions merged). */
export function objectFields(sdl: string): Map<string, FieldDefinitionNode[]> {
  const types = new Map<string, FieldDefinitionNode[]>();
  for (const def of parse(sdl).definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const node = def as ObjectNode;
    types.set(node.name.value, [...(types.get(node.name.value) ?? []), ...(node.fields ?? [])]);
  }
  return types;
}

export function buildCatalog(versions: readonly SubgraphVersion[], usage: readonly OperationDay[] = []): CatalogEntry[] {
  return versions.flatMap((v) => {
    const d = v.dataProduct;
    if (!d) return [];
    const types = objectFields(v.sdl);
    return d.products.map((p) => ({
      id: p.id,
      name: p.name,
      status: p.status,
      purpose: p.purpose,
      types: p.types,
      sla: p.sla,
      classification: p.classification,
      cacheable: p.cacheable ?? true,
      domain: d.domain,
      team: d.team,
      contact: d.contact ?? null,
      subgraph: v.subgraph,
      version: v.version,
      lastPublishedAt: v.publishedAt,
      fields: p.types.flatMap((type) =>
        (types.get(type) ?? []).map((f) => {
          const tags = tagsOf(f);
          const declared = p.fields?.[`${type}.${f.name.value}`];
          return {
            type,
            field: f.name.value,
            returns: print(f.type),
            description: f.description?.value ?? null,
            tags,
            classification: declared ?? (tags.find((t) => ['pii', 'confidential', 'internal', 'public'].includes(t)) as Classification) ?? p.classification,
          };
        }),
      ),
      clients: clientsOfTypes(usage, p.types),
    }));
  });
}
