import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import rule from './personalData.ts';

const check = (sdl: string, options = rule.defaults) => rule.check({ schema: parse(sdl), descriptor: null }, options);

describe('lint rule: personal-data-tagged', () => {
  it('passes personal-looking fields that carry a classification tag, and fields that do not look personal', () => {
    expect(check(`
      type Contact { email: String @tag(name: "pii") fullName: String @tag(name: "pii") title: String dateOfBirth: String @tag(name: "confidential") }
      type Stats { nameless: Int hostCount: Int zipped: Boolean }
    `)).toEqual([]);
  });

  it('flags untagged fields whose words look personal, and ignores non-classification tags', () => {
    const problems = check(`type Contact { email: String firstName: String dateOfBirth: String clientIp: String phone: String @tag(name: "team-a") title: String }`);
    expect(problems.map((p) => p.coordinate)).toEqual(['Contact.email', 'Contact.firstName', 'Contact.dateOfBirth', 'Contact.clientIp', 'Contact.phone']);
    expect(problems[0].message).toBe('Contact.email looks like personal data ("email") but has no classification tag');
  });

  it('checks filters and arguments too, because filtering on personal data discloses it', () => {
    const sdl = `type Query { contacts(email: String, filter: ContactFilter): [Int] } input ContactFilter { nameContains: String }`;
    expect(check(sdl).map((p) => p.coordinate)).toEqual(['Query.contacts(email:)', 'ContactFilter.nameContains']);
    expect(check(sdl, { ...rule.defaults, inputs: false })).toEqual([]);
    expect(check(`input F { nameContains: String @tag(name: "internal") }`)).toEqual([]);
  });

  it('takes patterns and exemptions from the configuration', () => {
    expect(check(`type Player { handle: String name: String }`, { ...rule.defaults, patterns: ['handle'], exempt: [] }).map((p) => p.coordinate)).toEqual(['Player.handle']);
    expect(check(`type Variant { name: String }`, { ...rule.defaults, exempt: ['Variant.name'] })).toEqual([]);
  });
});
