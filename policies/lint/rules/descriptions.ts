/**
 * Every type, field, argument, input field and enum value has a description:
 * the schema is the data product's documentation, and the catalog and BI
 * tools show these texts to people who never meet the domain team.
 */
import { defineRule, expect } from '../rule.ts';
import { schemaElements, type ElementKind } from '../schemaElements.ts';

const NOUN: Record<ElementKind, string> = { type: 'type', field: 'field', argument: 'argument', inputField: 'input field', enumValue: 'enum value' };

export default defineRule({
  id: 'descriptions',
  severity: 'error',
  description: 'Every type, field, argument, input field and enum value has a description.',
  fix: 'Add a description string right above the element, e.g. "Registered company name."',
  // Root operation types are containers, not data; their fields still need descriptions.
  defaults: { exemptTypes: ['Query', 'Mutation', 'Subscription'], minLength: 3 },
  optionProblems: (o) => [...expect.stringList(o.exemptTypes, 'exemptTypes'), ...expect.count(o.minLength, 'minLength')],
  check({ schema }, { exemptTypes, minLength }) {
    return schemaElements(schema)
      // `extend type` cannot carry a description in GraphQL syntax.
      .filter((e) => !(e.kind === 'type' && (e.isExtension || exemptTypes.includes(e.name))))
      .filter((e) => (e.description?.trim().length ?? 0) < minLength)
      .map((e) => ({
        message: e.description?.trim() ? `${NOUN[e.kind]} ${e.coordinate} has a description shorter than ${minLength} characters` : `${NOUN[e.kind]} ${e.coordinate} has no description`,
        coordinate: e.coordinate,
        location: e.location,
      }));
  },
});
