import { describe, expect, it } from 'vitest';
import { taggedElements } from '../diff/tags.ts';
import { policyImpactFindings } from './policyImpact.ts';

const before = taggedElements(`
  type Contact { id: ID! email: String @tag(name: "pii") title: String }
  type Account { id: ID! region: String customerSince: String }
  type Ticket { id: ID! }`);
const ref = (over: object) => ({ file: 'policies/rules/x.yaml', line: 7, rule: 'r', ...over });

describe('policy impact', () => {
  it('passes changes that leave every named element and tag as it was', () => {
    const after = taggedElements(`type Contact { id: ID! email: String @tag(name: "pii") title: String phone: String @tag(name: "pii") } type Account { id: ID! region: String customerSince: String } type Ticket { id: ID! }`);
    expect(policyImpactFindings(before, after, [ref({ coordinate: 'Account.region' }), ref({ tag: 'pii' }), ref({ type: 'Ticket' })], 'sales')).toEqual([]);
  });

  it('fails removing a field or type a rule names, with the file, line and rule', () => {
    const after = taggedElements(`type Contact { id: ID! email: String @tag(name: "pii") } type Account { id: ID! region: String }`);
    const findings = policyImpactFindings(before, after, [ref({ coordinate: 'Account.customerSince', rule: 'analytics-inputs' }), ref({ type: 'Ticket', line: 9 })], 'sales');
    expect(findings).toEqual([
      expect.objectContaining({ code: 'POLICY_REFERENCE_REMOVED', coordinate: 'Account.customerSince', severity: 'error', policy: { file: 'policies/rules/x.yaml', line: 7, rule: 'analytics-inputs' }, message: 'this change removes Account.customerSince, which access policy rule analytics-inputs (policies/rules/x.yaml:7) names' }),
      expect.objectContaining({ code: 'POLICY_REFERENCE_REMOVED', coordinate: 'Ticket' }),
    ]);
  });

  it('fails retagging a named field, and moving a field in or out of a tag a rule protects', () => {
    const after = taggedElements(`type Contact { id: ID! email: String @tag(name: "internal") title: String @tag(name: "pii") } type Account { id: ID! region: String @tag(name: "internal") customerSince: String } type Ticket { id: ID! }`);
    const findings = policyImpactFindings(before, after, [ref({ coordinate: 'Account.region' }), ref({ tag: 'pii', rule: 'pii-masked' })], 'sales');
    expect(findings.map((f) => [f.code, f.coordinate, f.message])).toEqual([
      ['POLICY_REFERENCE_RETAGGED', 'Account.region', 'this change retags Account.region from no tags to internal, which access policy rule r (policies/rules/x.yaml:7) names'],
      ['POLICY_TAG_CHANGED', 'Contact.email', 'this change removes tag "pii" on Contact.email, which access policy rule pii-masked (policies/rules/x.yaml:7) names'],
      ['POLICY_TAG_CHANGED', 'Contact.title', 'this change adds tag "pii" on Contact.title, which access policy rule pii-masked (policies/rules/x.yaml:7) names'],
    ]);
  });

  it('names each element once per rule, however often the rule mentions it', () => {
    const after = taggedElements(`type Contact { id: ID! } type Account { id: ID! } type Ticket { id: ID! }`);
    expect(policyImpactFindings(before, after, [ref({ coordinate: 'Contact.email' }), ref({ coordinate: 'Contact.email', tag: 'pii' })], 'sales')).toHaveLength(1);
  });
});
