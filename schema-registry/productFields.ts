/**
 * Every field each data product of a subgraph version publishes, with its
 * classification: the descriptor's products joined with the fields the
 * schema actually declares for their types. The catalog lists them; lineage
 * checks compare them. Pure.
 */
import { Kind, parse, print, type FieldDefinitionNode, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from 'graphql';
import { fieldClassification, type Classification, type DataProduct } from '../policies/dataProduct.ts';
import type { SubgraphVersion } from './store.ts';

export interface ProductField {
  /** Data product id. */
  product: string;
  subgraph: string;
  type: string;
  field: string;
  /** `Type.field` */
  coordinate: string;
  returns: string;
  description: string | null;
  tags: string[];
  classification: Classification;
}

type ObjectNode = ObjectTypeDefinitionNode | ObjectTypeExtensionNode;

const tagsOf = (node: FieldDefinitionNode) =>
  (node.directives ?? []).filter((d) => d.name.value === 'tag').map((d) => {
    const v = d.arguments?.find((a) => a.name.value === 'name')?.value;
    return v?.kind === Kind.STRING ? v.value : '';
  });

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

/** The fields of one product, in the order its types and the schema list them. */
export function fieldsOfProduct(product: DataProduct, subgraph: string, types: Map<string, FieldDefinitionNode[]>): ProductField[] {
  return product.types.flatMap((type) =>
    (types.get(type) ?? []).map((f) => {
      const coordinate = `${type}.${f.name.value}`;
      const tags = tagsOf(f);
      return {
        product: product.id,
        subgraph,
        type,
        field: f.name.value,
        coordinate,
        returns: print(f.type),
        description: f.description?.value ?? null,
        tags,
        classification: fieldClassification(product, coordinate, tags),
      };
    }),
  );
}

/** Every field every product of these versions publishes. */
export function productFields(versions: readonly Pick<SubgraphVersion, 'subgraph' | 'sdl' | 'dataProduct'>[]): ProductField[] {
  return versions.flatMap((v) => {
    if (!v.dataProduct) return [];
    const types = objectFields(v.sdl);
    return v.dataProduct.products.flatMap((p) => fieldsOfProduct(p, v.subgraph, types));
  });
}
