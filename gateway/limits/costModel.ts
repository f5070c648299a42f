/**
 * What demand control needs to know about a supergraph beyond its API
 * schema: which subgraphs resolve each field (a field another subgraph
 * resolves than the one its parent came from costs an entity fetch), and the
 * demand-control directives domains may put on their schemas — Apollo
 * Federation's `@listSize(assumedSize, slicingArguments, sizedFields)` and
 * `@cost(weight)` (federation v2.9, composed into the supergraph). Lists
 * without `@listSize` are sized by their `first` argument, as the kit
 * declares every paged list.
 */
import { Kind, parse, type ConstDirectiveNode, type ConstValueNode } from 'graphql';

export interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
}

export interface FieldCost {
  /** Subgraphs that resolve the field (empty when the supergraph does not say). */
  subgraphs: string[];
  weight?: number;
  listSize?: ListSize;
}

export interface CostModel {
  field(type: string, field: string): FieldCost | undefined;
  /** `@cost` on an object, scalar or enum type. */
  typeWeight(type: string): number | undefined;
}

const named = (d: ConstDirectiveNode, ...names: string[]) => names.includes(d.name.value);
const argument = (d: ConstDirectiveNode, name: string): ConstValueNode | undefined => d.arguments?.find((a) => a.name.value === name)?.value;
const intArg = (d: ConstDirectiveNode, name: string) => {
  const v = argument(d, name);
  return v?.kind === Kind.INT ? Number(v.value) : undefined;
};
const stringsArg = (d: ConstDirectiveNode, name: string) => {
  const v = argument(d, name);
  if (v?.kind === Kind.STRING) return [v.value];
  return v?.kind === Kind.LIST ? v.values.filter((x) => x.kind === Kind.STRING).map((x) => (x as { value: string }).value) : undefined;
};
const stringArg = (d: ConstDirectiveNode, name: string) => {
  const v = argument(d, name);
  return v?.kind === Kind.STRING || v?.kind === Kind.ENUM || v?.kind === Kind.BOOLEAN ? String(v.value) : undefined;
};

// The cost spec's directives, imported by name or left under its namespace.
const COST = ['cost', 'cost__cost'];
const LIST_SIZE = ['listSize', 'cost__listSize'];

function weightOf(directives: readonly ConstDirectiveNode[] | undefined): number | undefined {
  const d = directives?.find((x) => named(x, ...COST));
  return d ? intArg(d, 'weight') : undefined;
}

export function costModelFromSupergraph(supergraphSdl: string): CostModel {
  const doc = parse(supergraphSdl);
  const graphNames = new Map<string, string>();
  for (const d of doc.definitions) {
    if (d.kind !== Kind.ENUM_TYPE_DEFINITION || d.name.value !== 'join__Graph') continue;
    for (const v of d.values ?? []) {
      const g = v.directives?.find((x) => named(x, 'join__graph'));
      graphNames.set(v.name.value, (g && stringArg(g, 'name')) ?? v.name.value.toLowerCase());
    }
  }
  const graphOf = (d: ConstDirectiveNode) => graphNames.get(stringArg(d, 'graph') ?? '');

  const fields = new Map<string, FieldCost>();
  const typeWeights = new Map<string, number>();
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.INTERFACE_TYPE_DEFINITION && def.kind !== Kind.SCALAR_TYPE_DEFINITION && def.kind !== Kind.ENUM_TYPE_DEFINITION) continue;
    const type = def.name.value;
    const typeWeight = weightOf(def.directives);
    if (typeWeight !== undefined) typeWeights.set(type, typeWeight);
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const typeGraphs = (def.directives ?? []).filter((d) => named(d, 'join__type')).map(graphOf).filter((g): g is string => g !== undefined);
    for (const f of def.fields ?? []) {
      const joins = (f.directives ?? []).filter((d) => named(d, 'join__field') && stringArg(d, 'graph') && stringArg(d, 'external') !== 'true');
      const own = joins.map(graphOf).filter((g): g is string => g !== undefined);
      const sizing = f.directives?.find((d) => named(d, ...LIST_SIZE));
      fields.set(`${type}.${f.name.value}`, {
        subgraphs: own.length ? own : typeGraphs,
        weight: weightOf(f.directives),
        listSize: sizing && { assumedSize: intArg(sizing, 'assumedSize'), slicingArguments: stringsArg(sizing, 'slicingArguments'), sizedFields: stringsArg(sizing, 'sizedFields') },
      });
    }
  }
  return {
    field: (type, field) => fields.get(`${type}.${field}`),
    typeWeight: (type) => typeWeights.get(type),
  };
}
