/**
 * A classified field is nullable. Where the policy withholds it — a
 * classification floor that denies, a forbid, a grant that stops short — the
 * field answers null with a FORBIDDEN error. A non-null field cannot be
 * null, so GraphQL nulls its parent instead: the whole object, or the whole
 * list or response, disappears for a caller who may read everything else.
 */
import { defineRule, expect } from '../rule.ts';
import { schemaElements } from '../schemaElements.ts';

export default defineRule({
  id: 'classified-fields-nullable',
  severity: 'warning',
  description: 'Fields tagged with a classification the policy may withhold (by default pii and confidential) have a nullable type.',
  fix: 'Drop the `!` from the field\'s type, so a withheld value is null rather than its parent.',
  defaults: { classifications: ['pii', 'confidential'] },
  optionProblems: (o) => expect.stringList(o.classifications, 'classifications'),
  check({ schema }, options) {
    const classified = new Set(options.classifications);
    return schemaElements(schema)
      .filter((e) => e.kind === 'field' && e.nonNull && e.tags.some((t) => classified.has(t)))
      .map((e) => ({
        message: `${e.coordinate} is classified ${e.tags.filter((t) => classified.has(t)).join(', ')} but non-null: where it is withheld, its parent is nulled instead`,
        coordinate: e.coordinate,
        location: e.location,
      }));
  },
});
