/**
 * What `/export/<name>` exports: a root list field by its name (`contacts`)
 * or a data product by its catalog id (`sales.contacts`), which names the
 * root list of the product's first type that can be paged. A list can be
 * exported when it pages by `first`/`after` over an `id` (every kit list
 * does: ordered by key, `after` the last id received). Pure.
 */
import { getNamedType, isListType, isNonNullType, isObjectType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { HttpError } from '../../platform/http.ts';
import type { CatalogProduct } from '../catalog/products.ts';

export interface ExportTarget {
  field: string;
  element: GraphQLObjectType;
  /** GraphQL types of the paging arguments, for the operation's variables. */
  firstType: string;
  afterType: string;
  /** The data product the list belongs to, when the catalog says. */
  product?: string;
}

function pageable(field: GraphQLField<unknown, unknown>): Omit<ExportTarget, 'product'> | undefined {
  const outer = isNonNullType(field.type) ? field.type.ofType : field.type;
  const element = getNamedType(field.type);
  if (!isListType(outer) || !isObjectType(element) || !element.getFields().id) return undefined;
  const first = field.args.find((a) => a.name === 'first');
  const after = field.args.find((a) => a.name === 'after');
  if (!first || !after || field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) return undefined;
  return { field: field.name, element, firstType: String(first.type), afterType: String(after.type) };
}

/** Every name `/export/` accepts on this schema: list fields, then products. */
export function exportableNames(schema: GraphQLSchema, products: readonly CatalogProduct[] = []): string[] {
  const fields = Object.values(schema.getQueryType()?.getFields() ?? {}).filter((f) => pageable(f)).map((f) => f.name);
  return [...fields, ...products.filter((p) => productTarget(schema, p)).map((p) => p.id)];
}

function productTarget(schema: GraphQLSchema, product: CatalogProduct): ExportTarget | undefined {
  const lists = Object.values(schema.getQueryType()?.getFields() ?? {}).map(pageable).filter((t) => t !== undefined);
  for (const type of product.types) {
    const found = lists.find((t) => t.element.name === type);
    if (found) return { ...found, product: product.id };
  }
  return undefined;
}

export function exportTarget(schema: GraphQLSchema, name: string, products: readonly CatalogProduct[] = []): ExportTarget {
  const field = schema.getQueryType()?.getFields()[name];
  const byField = field && pageable(field);
  const product = products.find((p) => p.id === name || (byField && p.types.includes(byField.element.name)));
  if (byField) return product ? { ...byField, product: product.id } : byField;
  const byProduct = product && productTarget(schema, product);
  if (byProduct) return byProduct;
  const names = exportableNames(schema, products);
  const choices = names.length
    ? `name a list field or a data product, e.g. ${names.slice(0, 6).join(', ')}`
    : 'this graph has no list field that pages with `first` and `after`, so nothing can be exported';
  throw new HttpError(404, `nothing to export under "${name}": ${choices}`, { code: 'NOT_FOUND', exportable: names });
}
