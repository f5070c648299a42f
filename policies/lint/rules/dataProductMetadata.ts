/**
 * Every data product declares what a consumer needs to trust it: the owner
 * team, what it is for, how fresh it is and how sensitive. The catalog shows
 * these, caches use the freshness, and policies start from the classification.
 */
import { CLASSIFICATIONS, durationSeconds, type DataProduct } from '../../dataProduct.ts';
import { defineRule, expect, type LintProblem } from '../rule.ts';

interface Options {
  minPurposeLength: number;
  requireContact: boolean;
}

/** Each required piece of metadata: how to tell it is missing, and what to say. */
const PRODUCT_REQUIREMENTS: { missing(p: Partial<DataProduct>, o: Options): string | undefined; fix: string }[] = [
  {
    missing: (p, o) => (typeof p.purpose !== 'string' || p.purpose.trim().length < o.minPurposeLength ? `has no purpose of at least ${o.minPurposeLength} characters` : undefined),
    fix: 'Write `purpose:`: what the product holds and what it is for, in a sentence or two.',
  },
  {
    missing: (p) => {
      if (typeof p.sla?.freshness !== 'string') return 'declares no freshness SLA';
      try {
        durationSeconds(p.sla.freshness);
        return undefined;
      } catch {
        return `has a freshness SLA "${p.sla.freshness}" that is not an ISO 8601 duration`;
      }
    },
    fix: 'Add `sla: { freshness: PT1H }`: how old the data may be, as an ISO 8601 duration.',
  },
  {
    missing: (p) => (CLASSIFICATIONS.includes(p.classification as never) ? undefined : `has no classification (one of ${CLASSIFICATIONS.join(', ')})`),
    fix: `Add \`classification:\` with one of ${CLASSIFICATIONS.join(', ')}.`,
  },
];

export default defineRule<Options>({
  id: 'data-product-metadata',
  severity: 'error',
  description: 'Every subgraph has a data-product descriptor, and every data product declares its owner team, purpose, freshness SLA and classification.',
  fix: 'Complete data-product.yaml beside schema.graphql.',
  defaults: { minPurposeLength: 20, requireContact: false },
  optionProblems: (o) => [...expect.count(o.minPurposeLength, 'minPurposeLength'), ...expect.boolean(o.requireContact, 'requireContact')],
  check({ descriptor }, options) {
    if (!descriptor) return [{ message: 'no data-product descriptor was published with this schema', fix: 'Add data-product.yaml beside schema.graphql (dpg picks it up), or pass --data-product FILE.' }];
    const problems: LintProblem[] = [];
    if (typeof descriptor.team !== 'string' || !descriptor.team.trim()) problems.push({ message: 'the descriptor names no owner team', fix: 'Add `team:` with the owning team.' });
    if (options.requireContact && !descriptor.contact?.trim()) problems.push({ message: 'the descriptor names no contact', fix: 'Add `contact:` with an address consumers can write to.' });
    if (!Array.isArray(descriptor.products) || descriptor.products.length === 0) return [...problems, { message: 'the descriptor lists no data products', fix: 'List the data products under `products:`.' }];
    for (const product of descriptor.products) {
      for (const requirement of PRODUCT_REQUIREMENTS) {
        const missing = requirement.missing(product ?? {}, options);
        if (missing) problems.push({ message: `data product ${product?.id ?? '(without id)'} ${missing}`, fix: requirement.fix });
      }
    }
    return problems;
  },
});
