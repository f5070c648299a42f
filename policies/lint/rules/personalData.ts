/**
 * Fields whose names look like personal data carry a classification tag, so
 * access policies (which match on tags) can protect them from the first
 * publish on. A name "looks like" personal data when one of its words
 * (`dateOfBirth` → date, of, birth) matches a configured pattern.
 *
 * Input fields and arguments are checked too: a filter such as
 * `nameContains` on personal data lets a caller probe whether a person
 * exists without ever selecting the field, so policies need a tag on the
 * filter as much as on the field it filters.
 */
import { CLASSIFICATIONS } from '../../dataProduct.ts';
import { defineRule, expect } from '../rule.ts';
import { schemaElements, words } from '../schemaElements.ts';

export default defineRule({
  id: 'personal-data-tagged',
  severity: 'error',
  description: 'Fields, input fields and arguments whose names look like personal data carry a classification tag.',
  fix: `Add @tag(name: "pii") (or another classification: ${CLASSIFICATIONS.join(', ')}) and list the field in data-product.yaml.`,
  defaults: {
    /** Regular expressions, each matched against one whole word of the name. */
    patterns: ['e?mail', 'phone', 'mobile', 'name', 'surname', 'address', 'street', 'zip', 'postcode', 'birth', 'birthday', 'birthdate', 'dob', 'ip', 'ssn', 'passport', 'iban'],
    /** Whether input fields and arguments are checked as well as output fields. */
    inputs: true,
    /** Coordinates (Type.field) that match a pattern but hold no personal data. */
    exempt: [] as string[],
  },
  optionProblems: (o) => [...expect.regexList(o.patterns, 'patterns'), ...expect.boolean(o.inputs, 'inputs'), ...expect.stringList(o.exempt, 'exempt')],
  check({ schema }, { patterns, inputs, exempt }) {
    const looksPersonal = new RegExp(`^(?:${patterns.join('|')})$`, 'i');
    const kinds = new Set(inputs ? ['field', 'inputField', 'argument'] : ['field']);
    return schemaElements(schema)
      .filter((e) => kinds.has(e.kind) && !exempt.includes(e.coordinate))
      .filter((e) => words(e.name).some((w) => looksPersonal.test(w)))
      .filter((e) => !e.tags.some((t) => (CLASSIFICATIONS as readonly string[]).includes(t)))
      .map((e) => ({
        message: `${e.coordinate} looks like personal data ("${e.name}") but has no classification tag`,
        coordinate: e.coordinate,
        location: e.location,
      }));
  },
});
