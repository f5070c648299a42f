import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { DomainDescriptor } from '../../dataProduct.ts';
import rule from './descriptorConsistency.ts';

const sdl = `
  type Contact { id: ID! email: String @tag(name: "pii") title: String }
  type Account { id: ID! name: String @tag(name: "internal") }`;
const descriptor = (fields: Record<string, string>, types = ['Contact'], classification = 'confidential') =>
  ({ apiVersion: 'dpg/v1', domain: 'sales', team: 't', products: [{ id: 'sales.contacts', name: 'Contacts', status: 'active', purpose: 'p', types, sla: { freshness: 'PT1H' }, classification, fields }] }) as unknown as DomainDescriptor;
const check = (s: string, d: DomainDescriptor | null) => rule.check({ schema: parse(s), descriptor: d }, {});

describe('lint rule: descriptor-consistency', () => {
  it('passes when the descriptor and the tags agree', () => {
    expect(check(sdl, descriptor({ 'Contact.email': 'pii' }))).toEqual([]);
    // A tag equal to the product's default classification needs no listing.
    expect(check(sdl, descriptor({}, ['Account'], 'internal'))).toEqual([]);
  });

  it('fails types and fields the schema does not define', () => {
    expect(check(sdl, descriptor({ 'Contact.email': 'pii', 'Contact.phone': 'pii' }, ['Contact', 'Lead'])).map((p) => p.message)).toEqual([
      'data product sales.contacts lists type Lead, which the schema does not define',
      'data product sales.contacts classifies Contact.phone, which the schema does not define',
    ]);
  });

  it('fails a lineage for a field the schema does not define', () => {
    const d = descriptor({});
    d.products[0].lineage = { 'Contact.title': ['Lead.title'], 'Contact.phone': ['Lead.phone'] };
    expect(check(sdl, { ...d }).map((p) => p.message)).toContain('data product sales.contacts declares the lineage of Contact.phone, which the schema does not define');
    expect(check(sdl, { ...d }).map((p) => p.message)).not.toContain('data product sales.contacts declares the lineage of Contact.title, which the schema does not define');
  });

  it('fails a classification the schema does not tag, and a tag the descriptor contradicts', () => {
    expect(check(sdl, descriptor({ 'Contact.email': 'pii', 'Contact.title': 'pii' })).map((p) => p.message)).toEqual([
      'data product sales.contacts classifies Contact.title as pii, but the schema does not tag it @tag(name: "pii")',
    ]);
    expect(check(sdl, descriptor({})).map((p) => p.message)).toEqual(['Contact.email is tagged pii but data product sales.contacts classifies it as confidential']);
  });

  it('fails a field with two classification tags', () => {
    const twice = `type Contact { id: ID! email: String @tag(name: "pii") @tag(name: "internal") }`;
    expect(check(twice, descriptor({ 'Contact.email': 'pii' })).map((p) => p.message)).toEqual(['Contact.email carries 2 classification tags (pii, internal); it must have one']);
  });

  it('leaves a missing descriptor to data-product-metadata', () => {
    expect(check(sdl, null)).toEqual([]);
  });
});
