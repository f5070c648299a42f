import { describe, expect, it } from 'vitest';
import { ANONYMOUS_SUBJECT, type Principal } from '../principal.ts';
import { show } from './conditions.ts';
import { compile } from './fixtures.ts';

const anonymous: Principal = { subject: ANONYMOUS_SUBJECT, roles: ['public'], scopes: [], attributes: {} };
const signedIn: Principal = { subject: 'pat', roles: ['public'], scopes: [], attributes: {} };

const policy = compile({
  'policy.yaml': `grants:
  - id: public-reads-support
    to: { roles: [public] }
    read: [{ subgraph: support }]
  - id: public-reads-tiers
    to: { roles: [public] }
    read: [{ field: Customer.tier }]
  - id: signed-in-read-crm
    to: {}
    read: [{ subgraph: crm }]
forbid:
  - id: nobody-reads-notes
    to: {}
    read: [{ field: Case.note }]
rowFilters:
  - id: open-cases-only
    to: {}
    type: Case
    where: { status: open }
tags:
  internal:
    unmasked: [{}]
    otherwise: deny
`,
});

describe('an anonymous caller (no credential, ANONYMOUS_ROLE)', () => {
  it('is reached by grants naming its role, not by grants to every signed-in caller (to: {})', () => {
    expect(policy.decide(anonymous, 'Case.status')).toMatchObject({ effect: 'allow', rule: 'public-reads-support' });
    expect(policy.decide(anonymous, 'Customer.region')).toMatchObject({ effect: 'deny', rule: 'default-deny' });
    expect(policy.decide(signedIn, 'Customer.region')).toMatchObject({ effect: 'allow', rule: 'signed-in-read-crm' });
  });

  it('is reached by rules that close access to everyone: forbids and row filters', () => {
    expect(policy.decide(anonymous, 'Case.note')).toMatchObject({ effect: 'deny', rule: 'nobody-reads-notes' });
    expect(show(policy.rows(anonymous, 'Case', 'support').condition)).toBe('status eq "open"');
  });

  it('is not unmasked by a tag rule for every signed-in caller', () => {
    expect(policy.decide(signedIn, 'Customer.tier')).toMatchObject({ effect: 'allow' });
    expect(policy.decide(anonymous, 'Customer.tier')).toMatchObject({ effect: 'deny', rule: 'tag-internal' });
  });

  it('has a fingerprint of its own, so cached answers are never shared with signed-in callers of its role', () => {
    expect(policy.fingerprint(anonymous)).not.toBe(policy.fingerprint(signedIn));
    expect(policy.fingerprint(signedIn)).toBe(policy.fingerprint({ ...signedIn, subject: 'sam' }));
  });
});
