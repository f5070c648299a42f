import fs from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { factsFromSubgraph, factsFromSupergraph } from './schemaFacts.ts';

/** A federation fixture (test/fixtures/federation/<name>/) composed here. */
function fixture(name: string) {
  const dir = path.join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'federation', name);
  const subgraphs = fs.readdirSync(dir).filter((f) => f.endsWith('.graphql') && f !== 'operations.graphql').map((f) => ({ name: f.replace('.graphql', ''), sdl: fs.readFileSync(path.join(dir, f), 'utf8') }));
  const composed = composeServices(subgraphs.map((s) => ({ name: s.name, url: `http://${s.name}`, typeDefs: parse(s.sdl) })));
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  return { supergraph: factsFromSupergraph(composed.supergraphSdl), subgraphs: Object.fromEntries(subgraphs.map((s) => [s.name, factsFromSubgraph(s.name, s.sdl)])) };
}

describe('facts from a supergraph are complete enough to enforce in any subgraph', () => {
  it('says which subgraph resolves a field: the winner of an @override, not an @external reader, and an @interfaceObject for the fields it adds', () => {
    const bank = fixture('bank-migration').supergraph;
    expect(bank.field('Account.balance')?.subgraphs).toEqual(['ledger']);
    expect(bank.field('Account.owner')?.subgraphs).toEqual(['legacy']);
    expect(bank.field('Account.internalCode')).toMatchObject({ subgraphs: ['legacy'] }); // @inaccessible: not in the API, still a field policies may name
    const flights = fixture('flight-ops').supergraph;
    expect(flights.field('Flight.distanceKm')?.subgraphs).toEqual(['flights']);
    expect(flights.field('Flight.fuelTonnes')?.subgraphs).toEqual(['fuel']);
    expect(fixture('recipe-box').supergraph.field('Chef.name')).toMatchObject({ subgraphs: ['chefs'], providedIn: ['recipes'] });
    expect(fixture('recipe-box').supergraph.field('Chef.bio')?.providedIn).toEqual([]);
    const clinic = fixture('clinic-visits').supergraph;
    expect(clinic.field('Teleconsult.cost')?.subgraphs).toEqual(['billing']);
    expect(clinic.field('Visit.equipment')?.subgraphs).toEqual(['rooms']);
    expect(clinic.field('TimeSlot.start')?.subgraphs.sort()).toEqual(['billing', 'scheduling']);
  });

  it('reads every key, several per type, composite and nested, as join__type declares them', () => {
    const flights = fixture('flight-ops').supergraph;
    for (const k of ['Flight.id', 'Flight.number', 'Flight.date', 'Airport.code']) expect(flights.keys.has(k), k).toBe(true);
    expect(flights.keys.has('Flight.distanceKm')).toBe(false);
    const stock = fixture('warehouse-stock').supergraph;
    for (const k of ['Stock.warehouse', 'Warehouse.code', 'Stock.sku']) expect(stock.keys.has(k), k).toBe(true);
    expect(stock.keys.has('Warehouse.region')).toBe(false);
  });

  it('knows interfaces implementing interfaces and unions of implementations', () => {
    const loot = fixture('game-loot').supergraph;
    expect(loot.possibleTypes('Item').sort()).toEqual(['Armor', 'Potion', 'Weapon']);
    expect(loot.possibleTypes('Equipment').sort()).toEqual(['Armor', 'Weapon']);
    expect(loot.possibleTypes('Loot').sort()).toEqual(['Armor', 'Gold', 'Potion', 'Weapon']);
    expect(loot.field('Weapon.slot')?.interfaces.sort()).toEqual(['Equipment']);
    expect(loot.field('Weapon.name')?.interfaces.sort()).toEqual(['Equipment', 'Item']);
    expect(loot.field('Weapon.price')).toMatchObject({ subgraphs: ['market'], interfaces: [], unions: ['Loot'] });
  });

  it('matches what each subgraph says of itself for the fields it resolves', () => {
    const { supergraph, subgraphs } = fixture('parcel-tracking');
    expect(supergraph.abstractTypes.get('Parcel')?.interfaceObjectIn).toEqual(['tracking']);
    expect(subgraphs.tracking.field('Parcel.events')?.subgraphs).toEqual(['tracking']);
    expect(supergraph.interfaceField('Parcel.events')?.subgraphs).toEqual(['tracking']);
    for (const t of ['Letter', 'Box', 'Pallet']) expect(supergraph.field(`${t}.events`)?.subgraphs).toEqual(['tracking']);
    expect(subgraphs.shipments.keys).toEqual(new Set(['Parcel.id', 'Letter.id', 'Box.id', 'Pallet.id']));
  });
});
