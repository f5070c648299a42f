/**
 * The data-product descriptor: what governance requires every domain to
 * declare, in a file beside its schema. It is modelled on the Open Data
 * Contract Standard (id, name, domain, owner team, status, purpose, SLA,
 * classification per field) and travels to the registry with the SDL,
 * because composition drops custom directives and metadata.
 */
import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';

export type Classification = 'public' | 'internal' | 'confidential' | 'pii';
/** From least to most sensitive: a derived value is at least as sensitive as its most sensitive input. */
export const CLASSIFICATIONS: readonly Classification[] = ['public', 'internal', 'confidential', 'pii'];

export const isClassification = (v: unknown): v is Classification => CLASSIFICATIONS.includes(v as Classification);
/** Negative when `a` is less sensitive than `b`, 0 when equal, positive when more. */
export const compareClassifications = (a: Classification, b: Classification) => CLASSIFICATIONS.indexOf(a) - CLASSIFICATIONS.indexOf(b);
export const strongestClassification = (list: readonly Classification[]): Classification | undefined =>
  list.reduce<Classification | undefined>((max, c) => (max === undefined || compareClassifications(c, max) > 0 ? c : max), undefined);

/**
 * A field's classification as the catalog shows it: what the descriptor says
 * about the field, else its classification tag, else the product's default.
 * (The descriptor-consistency lint keeps the first two in agreement.)
 */
export function fieldClassification(product: Pick<DataProduct, 'classification' | 'fields'>, coordinate: string, tags: readonly string[]): Classification {
  return product.fields?.[coordinate] ?? tags.find(isClassification) ?? product.classification;
}

export interface DataProduct {
  /** Stable id, `<domain>.<name>`. */
  id: string;
  name: string;
  status: 'draft' | 'active' | 'deprecated' | 'retired';
  purpose: string;
  /** Entity and result types this product publishes. */
  types: string[];
  sla: {
    /** How old the data may be, ISO 8601 duration (e.g. PT1H); also the entity cache TTL. */
    freshness: string;
    /** Expected p99 latency of a query, e.g. 500ms. */
    latency?: string;
  };
  /** The product's default classification; fields override below. */
  classification: Classification;
  /** 'Type.field' → classification, for fields that differ from the default. */
  fields?: Record<string, Classification>;
  /** Whether gateways may cache responses built from this product (default true). */
  cacheable?: boolean;
  /**
   * For derived products: 'Type.field' of this product → the 'Type.field's of
   * other products it is computed from. A derived field must be classified
   * at least as its most sensitive input, unless the access policy declassifies it.
   */
  lineage?: Record<string, string[]>;
  /**
   * Every value of this product aggregates at least this many input rows
   * (smaller groups are left out), which a declassification's
   * `when.minGroupSize` is held against.
   */
  minGroupSize?: number;
}

export interface DomainDescriptor {
  apiVersion: 'dpg/v1';
  domain: string;
  team: string;
  contact?: string;
  products: DataProduct[];
}

const COORDINATE = /^[A-Za-z_]\w*\.[A-Za-z_]\w*$/;
const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** ISO 8601 duration (days, hours, minutes, seconds) to seconds. */
export function durationSeconds(iso: string): number {
  const m = DURATION.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T')) throw new Error(`"${iso}" is not an ISO 8601 duration like PT1H or P1D`);
  const [d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
  return ((d * 24 + h) * 60 + min) * 60 + s;
}

/** Whether data refreshed at `refreshedAt` are older than a freshness SLA allows at `now`: the one staleness rule of answers and catalog. */
export function pastSla(refreshedAt: string, sla: string, now: number): boolean {
  return now - Date.parse(refreshedAt) > durationSeconds(sla) * 1000;
}

/** Problems with a descriptor's shape, as readable sentences; empty when it is sound. */
export function descriptorProblems(input: unknown): string[] {
  const problems: string[] = [];
  const d = input as Partial<DomainDescriptor> | null;
  if (!d || typeof d !== 'object') return ['descriptor must be a YAML/JSON object'];
  if (d.apiVersion !== 'dpg/v1') problems.push('apiVersion must be "dpg/v1"');
  for (const key of ['domain', 'team'] as const) if (typeof d[key] !== 'string' || !d[key]) problems.push(`"${key}" is required`);
  if (!Array.isArray(d.products) || d.products.length === 0) return [...problems, '"products" must list at least one data product'];
  d.products.forEach((p, i) => {
    const at = `products[${i}]${p?.id ? ` (${p.id})` : ''}`;
    for (const key of ['id', 'name', 'purpose', 'status', 'classification'] as const) {
      if (typeof p?.[key] !== 'string' || !p[key]) problems.push(`${at}: "${key}" is required`);
    }
    if (p?.classification && !CLASSIFICATIONS.includes(p.classification)) problems.push(`${at}: classification must be one of ${CLASSIFICATIONS.join(', ')}`);
    if (!Array.isArray(p?.types) || p.types.length === 0) problems.push(`${at}: "types" must list the GraphQL types it publishes`);
    if (typeof p?.sla?.freshness !== 'string') problems.push(`${at}: "sla.freshness" is required (ISO 8601 duration, e.g. PT1H)`);
    else {
      try {
        durationSeconds(p.sla.freshness);
      } catch (err) {
        problems.push(`${at}: sla.freshness ${(err as Error).message}`);
      }
    }
    for (const [field, c] of Object.entries(p?.fields ?? {})) {
      if (!COORDINATE.test(field)) problems.push(`${at}: field "${field}" must be written Type.field`);
      if (!CLASSIFICATIONS.includes(c)) problems.push(`${at}: field "${field}" has unknown classification "${c}"`);
    }
    problems.push(...lineageProblems(p?.lineage, p?.types).map((m) => `${at}: ${m}`));
    if (p?.minGroupSize !== undefined && !(Number.isInteger(p.minGroupSize) && p.minGroupSize >= 1)) problems.push(`${at}: "minGroupSize" must be a whole number of at least 1`);
  });
  return problems;
}

function lineageProblems(lineage: unknown, types: unknown): string[] {
  if (lineage === undefined) return [];
  if (!lineage || typeof lineage !== 'object' || Array.isArray(lineage)) return ['"lineage" must map Type.field to the list of Type.field it is computed from'];
  return Object.entries(lineage as Record<string, unknown>).flatMap(([field, inputs]) => {
    const problems: string[] = [];
    if (!COORDINATE.test(field)) problems.push(`lineage field "${field}" must be written Type.field`);
    else if (Array.isArray(types) && !types.includes(field.split('.')[0])) problems.push(`lineage field "${field}" is not of one of the product's types`);
    if (!Array.isArray(inputs) || inputs.length === 0) problems.push(`lineage of "${field}" must list at least one input, Type.field`);
    else for (const input of inputs) if (typeof input !== 'string' || !COORDINATE.test(input)) problems.push(`lineage input ${JSON.stringify(input)} of "${field}" must be written Type.field`);
    return problems;
  });
}

export function loadDescriptor(file: string): DomainDescriptor {
  const parsed = parseYaml(fs.readFileSync(file, 'utf8'));
  const problems = descriptorProblems(parsed);
  if (problems.length) throw new Error(`${file}:\n  ${problems.join('\n  ')}`);
  return parsed as DomainDescriptor;
}
