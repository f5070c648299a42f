/**
 * Derived data products inherit their inputs' classification: a field
 * computed from other products' fields must be classified at least as its
 * most sensitive input, unless the access policy declares a reviewed
 * declassification whose condition the product meets. Checked both ways —
 * when a derived product is published, and when a product it is computed
 * from is — so neither side can open what the other protects.
 */
import { compareClassifications, strongestClassification } from '../../policies/dataProduct.ts';
import type { LocatedDeclassification } from '../../policies/declassifications.ts';
import { lineageOf, type DerivedField } from '../lineage.ts';
import type { Check } from './context.ts';
import type { Finding } from './finding.ts';

const list = (d: DerivedField, pick: (i: DerivedField['inputs'][number]) => boolean) =>
  d.inputs.filter(pick).map((i) => `${i.coordinate} (${i.classification}, ${i.products.join(', ')})`).join(', ');

/** Findings for the derived fields `subgraph`'s change touches (as producer or as input). */
export function lineageFindings(derived: readonly DerivedField[], declassifications: readonly LocatedDeclassification[], subgraph: string): Finding[] {
  const findings: Finding[] = [];
  const add = (d: DerivedField, severity: Finding['severity'], code: string, message: string, extra: Partial<Finding> = {}) =>
    findings.push({ check: 'lineage', severity, code, message, coordinate: d.coordinate, subgraph, ...extra });

  for (const d of derived) {
    const producing = d.subgraph === subgraph;
    if (!producing && !d.inputs.some((i) => i.subgraphs.includes(subgraph))) continue;
    const unpublished = d.inputs.filter((i) => i.classification === undefined);
    if (producing && unpublished.length) {
      add(d, 'warning', 'LINEAGE_INPUT_UNPUBLISHED', `${d.coordinate} is computed from ${unpublished.map((i) => i.coordinate).join(', ')}, which no live data product publishes; its classification is checked when it is published.`, {
        fix: 'Correct the lineage in data-product.yaml if the input is misspelt.',
      });
    }
    const strongest = strongestClassification(d.inputs.flatMap((i) => (i.classification ? [i.classification] : [])));
    if (!strongest || compareClassifications(d.classification, strongest) >= 0) continue;

    const inputs = list(d, (i) => i.classification === strongest);
    const declassified = declassifications.find((x) => x.field === d.coordinate);
    if (!declassified) {
      add(d, 'error', 'CLASSIFICATION_WEAKER_THAN_INPUTS', `${d.coordinate} (${d.product}) is classified ${d.classification}, but it is computed from ${inputs}: a derived field is at least as sensitive as its most sensitive input.`, {
        fix: `Classify ${d.coordinate} as ${strongest} (@tag(name: "${strongest}") and the descriptor's \`fields:\`)${producing ? '' : ` before this change, in ${d.subgraph}`}, or ask the governance team for a reviewed declassification (\`declassify:\` in policies/rules/).`,
      });
      continue;
    }
    const policy = { file: declassified.file, line: declassified.line, rule: declassified.id };
    if (compareClassifications(d.classification, declassified.to) < 0) {
      add(d, 'error', 'CLASSIFICATION_BELOW_DECLASSIFICATION', `${d.coordinate} is classified ${d.classification}, less sensitive than declassification ${declassified.id} allows (${declassified.to}).`, {
        policy,
        fix: `Classify ${d.coordinate} as ${declassified.to} or more sensitive.`,
      });
    } else if ((d.minGroupSize ?? 0) < declassified.when.minGroupSize) {
      add(d, 'error', 'DECLASSIFICATION_CONDITION_UNMET', `declassification ${declassified.id} lets ${d.coordinate} be ${declassified.to} only when every value aggregates at least ${declassified.when.minGroupSize} input rows, but data product ${d.product} declares ${d.minGroupSize === undefined ? 'no minGroupSize' : `minGroupSize ${d.minGroupSize}`}.`, {
        policy,
        fix: `Leave out groups smaller than ${declassified.when.minGroupSize} and declare \`minGroupSize: ${declassified.when.minGroupSize}\` for ${d.product}, or classify ${d.coordinate} as ${strongest}.`,
      });
    } else {
      add(d, 'info', 'DECLASSIFIED', `${d.coordinate} is ${d.classification} although computed from ${inputs}: declassified by ${declassified.id} — ${declassified.reason}`, { policy });
    }
  }
  return findings;
}

export const lineage: Check = {
  id: 'lineage',
  description: 'A derived field is classified at least as its most sensitive input, unless a reviewed declassification in the access policy applies.',
  async run(ctx) {
    const { proposal } = ctx;
    const versions = [...ctx.live.filter((v) => v.subgraph !== proposal.name), { subgraph: proposal.name, sdl: proposal.sdl, dataProduct: proposal.dataProduct }];
    let derived: DerivedField[];
    try {
      derived = lineageOf(versions).derived;
    } catch {
      return []; // a schema that does not parse: composition reports it with its location
    }
    if (!derived.length) return [];
    // Without the policy no declassification can be shown to apply: judge as if there were none.
    let declassifications: LocatedDeclassification[] = [];
    const notes: Finding[] = [];
    try {
      declassifications = await ctx.declassifications();
    } catch (err) {
      notes.push({ check: 'lineage', severity: 'warning', code: 'POLICIES_UNREADABLE', message: `the access policies could not be read, so no declassification applies: ${(err as Error).message}`, subgraph: proposal.name });
    }
    return [...notes, ...lineageFindings(derived, declassifications, proposal.name)];
  },
};
