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
export const CLASSIFICATIONS: readonly Classification[] = ['public', 'internal', 'confidential', 'pii'];

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
}

export interface DomainDescriptor {
  apiVersion: 'dpg/v1';
  domain: string;
  team: string;
  contact?: string;
  products: DataProduct[];
}

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** ISO 8601 duration (days, hours, minutes, seconds) to seconds. */
export function durationSeconds(iso: string): number {
  const m = DURATION.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T')) throw new Error(`"${iso}" is not an ISO 8601 duration like PT1H or P1D`);
  const [d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
  return ((d * 24 + h) * 60 + min) * 60 + s;
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
      if (!/^[A-Za-z_]\w*\.[A-Za-z_]\w*$/.test(field)) problems.push(`${at}: field "${field}" must be written Type.field`);
      if (!CLASSIFICATIONS.includes(c)) problems.push(`${at}: field "${field}" has unknown classification "${c}"`);
    }
  });
  return problems;
}

export function loadDescriptor(file: string): DomainDescriptor {
  const parsed = parseYaml(fs.readFileSync(file, 'utf8'));
  const problems = descriptorProblems(parsed);
  if (problems.length) throw new Error(`${file}:\n  ${problems.join('\n  ')}`);
  return parsed as DomainDescriptor;
}
