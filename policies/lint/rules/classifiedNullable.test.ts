import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import rule from './classifiedNullable.ts';

const check = (sdl: string, options = rule.defaults) => rule.check({ schema: parse(sdl), descriptor: null }, options);

describe('lint rule: classified-fields-nullable', () => {
  it('passes nullable classified fields, and non-null fields that carry no classification it watches', () => {
    expect(check(`type Contact { email: String @tag(name: "pii") title: String! name: String! @tag(name: "internal") }`)).toEqual([]);
  });

  it('warns about each non-null classified field of an object or interface, with where it is', () => {
    const problems = check(`type Contact {
  email: String! @tag(name: "pii")
  salary: [Float!]! @tag(name: "confidential")
}
interface Person { phone: String! @tag(name: "pii") }
input ContactFilter { email: String! @tag(name: "pii") }`);
    expect(problems.map((p) => p.coordinate)).toEqual(['Contact.email', 'Contact.salary', 'Person.phone']);
    expect(problems[0]).toEqual({ message: 'Contact.email is classified pii but non-null: where it is withheld, its parent is nulled instead', coordinate: 'Contact.email', location: { line: 2, column: 3 } });
  });

  it('takes the classifications it watches from the configuration', () => {
    expect(check(`type Account { name: String! @tag(name: "internal") }`, { classifications: ['internal'] }).map((p) => p.coordinate)).toEqual(['Account.name']);
    expect(rule.optionProblems!({ classifications: 'pii' as never })).toEqual(['"classifications" must be a list of strings']);
  });
});
