/**
 * Lineage across the live data products: which fields of which products each
 * derived field is computed from (as its descriptor declares), the
 * classification on both sides, and the products it links in both
 * directions. The lineage check and the catalog read it. Pure.
 */
import { strongestClassification, type Classification } from '../policies/dataProduct.ts';
import { productFields, type ProductField } from './productFields.ts';
import type { SubgraphVersion } from './store.ts';

export interface LineageInput {
  coordinate: string;
  /** Products that publish it; empty when no live product does (yet). */
  products: string[];
  subgraphs: string[];
  /** The most sensitive classification any of them gives it; undefined when unpublished. */
  classification?: Classification;
}

export interface DerivedField {
  coordinate: string;
  product: string;
  subgraph: string;
  classification: Classification;
  /** What the product promises about each value's group size (declassifications need it). */
  minGroupSize?: number;
  inputs: LineageInput[];
}

export interface Lineage {
  derived: DerivedField[];
  /** Product id → ids of the products its fields are computed from. */
  builtFrom: Map<string, string[]>;
  /** Product id → ids of the products computed from its fields. */
  feeds: Map<string, string[]>;
}

type Version = Pick<SubgraphVersion, 'subgraph' | 'sdl' | 'dataProduct'>;

export function lineageOf(versions: readonly Version[], fields: readonly ProductField[] = productFields(versions)): Lineage {
  const byCoordinate = new Map<string, ProductField[]>();
  for (const f of fields) byCoordinate.set(f.coordinate, [...(byCoordinate.get(f.coordinate) ?? []), f]);
  const derived: DerivedField[] = [];
  const builtFrom = new Map<string, Set<string>>();
  const feeds = new Map<string, Set<string>>();
  const link = (map: Map<string, Set<string>>, from: string, to: string) => map.set(from, (map.get(from) ?? new Set()).add(to));

  for (const v of versions) {
    for (const product of v.dataProduct?.products ?? []) {
      for (const [coordinate, inputCoordinates] of Object.entries(product.lineage ?? {})) {
        const own = byCoordinate.get(coordinate)?.find((f) => f.product === product.id);
        const inputs = inputCoordinates.map((c): LineageInput => {
          const publishers = (byCoordinate.get(c) ?? []).filter((f) => f.product !== product.id);
          return {
            coordinate: c,
            products: [...new Set(publishers.map((f) => f.product))],
            subgraphs: [...new Set(publishers.map((f) => f.subgraph))],
            classification: strongestClassification(publishers.map((f) => f.classification)),
          };
        });
        for (const input of inputs) {
          for (const p of input.products) {
            link(builtFrom, product.id, p);
            link(feeds, p, product.id);
          }
        }
        derived.push({
          coordinate,
          product: product.id,
          subgraph: v.subgraph,
          // A lineage entry the schema does not declare (the lint reports it) counts at the product's default.
          classification: own?.classification ?? product.fields?.[coordinate] ?? product.classification,
          ...(product.minGroupSize !== undefined ? { minGroupSize: product.minGroupSize } : {}),
          inputs,
        });
      }
    }
  }
  const sorted = (m: Map<string, Set<string>>) => new Map([...m].map(([k, s]) => [k, [...s].sort()]));
  return { derived, builtFrom: sorted(builtFrom), feeds: sorted(feeds) };
}
