/**
 * The descriptor and the schema tell the same story: every type a product
 * lists exists, every field the descriptor classifies or gives a lineage
 * exists, every field it classifies carries the same classification tag,
 * and every classification tag on a product's field agrees with what the
 * descriptor says about that field. Policies read the
 * tags, the catalog reads the descriptor; when they disagree one of them lies.
 */
import { CLASSIFICATIONS, type Classification, type DomainDescriptor } from '../../dataProduct.ts';
import { defineRule, type LintProblem } from '../rule.ts';
import { schemaElements, type SchemaElement } from '../schemaElements.ts';

const classificationTags = (e: SchemaElement) => e.tags.filter((t): t is Classification => (CLASSIFICATIONS as readonly string[]).includes(t));

/** Per field of a product type: what the descriptor says its classification is. */
function declaredClassifications(descriptor: DomainDescriptor, fields: SchemaElement[]): Map<string, { classification: Classification; product: string; explicit: boolean }> {
  const out = new Map<string, { classification: Classification; product: string; explicit: boolean }>();
  for (const product of descriptor.products ?? []) {
    for (const field of fields.filter((f) => product.types?.includes(f.typeName))) {
      const explicit = product.fields?.[field.coordinate];
      out.set(field.coordinate, { classification: explicit ?? product.classification, product: product.id, explicit: explicit !== undefined });
    }
  }
  return out;
}

export default defineRule({
  id: 'descriptor-consistency',
  severity: 'error',
  description: 'The descriptor names only types and fields the schema has (in classifications and lineage), and its classifications match the schema\'s @tag classifications.',
  fix: 'Make data-product.yaml and the @tag directives in schema.graphql agree.',
  defaults: {},
  check({ schema, descriptor }) {
    if (!descriptor || !Array.isArray(descriptor.products)) return []; // data-product-metadata reports that
    const elements = schemaElements(schema);
    const types = new Set(elements.filter((e) => e.kind === 'type').map((e) => e.name));
    const fields = elements.filter((e) => e.kind === 'field');
    const byCoordinate = new Map(fields.map((f) => [f.coordinate, f]));
    const problems: LintProblem[] = [];

    for (const product of descriptor.products) {
      for (const type of product.types ?? []) {
        if (!types.has(type)) problems.push({ message: `data product ${product.id} lists type ${type}, which the schema does not define`, coordinate: type, fix: `Remove ${type} from \`types:\` or define it in the schema.` });
      }
      for (const [coordinate, classification] of Object.entries(product.fields ?? {})) {
        const field = byCoordinate.get(coordinate);
        if (!field) {
          problems.push({ message: `data product ${product.id} classifies ${coordinate}, which the schema does not define`, coordinate, fix: `Remove ${coordinate} from \`fields:\` or add the field.` });
        } else if (!classificationTags(field).includes(classification)) {
          problems.push({ message: `data product ${product.id} classifies ${coordinate} as ${classification}, but the schema does not tag it @tag(name: "${classification}")`, coordinate, location: field.location, fix: `Add @tag(name: "${classification}") to ${coordinate}, or change the descriptor.` });
        }
      }
      for (const coordinate of Object.keys(product.lineage ?? {})) {
        if (!byCoordinate.has(coordinate)) problems.push({ message: `data product ${product.id} declares the lineage of ${coordinate}, which the schema does not define`, coordinate, fix: `Remove ${coordinate} from \`lineage:\` or add the field.` });
      }
    }

    const declared = declaredClassifications(descriptor, fields);
    for (const field of fields) {
      const tags = classificationTags(field);
      if (tags.length > 1) {
        problems.push({ message: `${field.coordinate} carries ${tags.length} classification tags (${tags.join(', ')}); it must have one`, coordinate: field.coordinate, location: field.location, fix: 'Keep the one classification that applies.' });
        continue;
      }
      const said = declared.get(field.coordinate);
      if (tags.length === 1 && said && !said.explicit && said.classification !== tags[0]) {
        problems.push({
          message: `${field.coordinate} is tagged ${tags[0]} but data product ${said.product} classifies it as ${said.classification}`,
          coordinate: field.coordinate,
          location: field.location,
          fix: `List "${field.coordinate}: ${tags[0]}" under the product's \`fields:\`, or change the tag.`,
        });
      }
    }
    return problems;
  },
});
