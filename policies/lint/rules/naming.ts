/**
 * Names follow GraphQL convention, so every data product reads the same to a
 * BI user: types PascalCase, fields, arguments and input fields camelCase,
 * enum values UPPER_CASE.
 */
import { defineRule, expect } from '../rule.ts';
import { schemaElements, type ElementKind } from '../schemaElements.ts';

const CONVENTIONS: Record<ElementKind, { option: 'types' | 'fields' | 'enumValues'; style: string }> = {
  type: { option: 'types', style: 'PascalCase' },
  field: { option: 'fields', style: 'camelCase' },
  argument: { option: 'fields', style: 'camelCase' },
  inputField: { option: 'fields', style: 'camelCase' },
  enumValue: { option: 'enumValues', style: 'UPPER_CASE' },
};

export default defineRule({
  id: 'naming',
  severity: 'error',
  description: 'Types are PascalCase; fields, arguments and input fields camelCase; enum values UPPER_CASE.',
  fix: 'Rename the element to the convention.',
  defaults: { types: '^[A-Z][A-Za-z0-9]*$', fields: '^[a-z][A-Za-z0-9]*$', enumValues: '^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$' },
  optionProblems: (o) => [...expect.regex(o.types, 'types'), ...expect.regex(o.fields, 'fields'), ...expect.regex(o.enumValues, 'enumValues')],
  check({ schema }, options) {
    const patterns = { types: new RegExp(options.types), fields: new RegExp(options.fields), enumValues: new RegExp(options.enumValues) };
    return schemaElements(schema).flatMap((e) => {
      const { option, style } = CONVENTIONS[e.kind];
      if (patterns[option].test(e.name)) return [];
      return [{ message: `${e.coordinate}: "${e.name}" is not ${style}`, coordinate: e.coordinate, location: e.location, fix: `Rename "${e.name}" to ${style}.` }];
    });
  },
});
