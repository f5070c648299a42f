import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { connection, decodeCursor, encodeCursor, orderKeys, orderReadsProblems } from './connection.ts';
import { defineTable } from './table.ts';

const items = defineTable({ type: 'Item', table: 'items', key: 'id', columns: { id: 'id', label: 'label', size: 'size_cm' } });

describe('connections', () => {
  it('orders by the columns asked for, then by the key', () => {
    expect(orderKeys(items, [{ size: 'DESC' }])).toEqual([
      { field: 'size', desc: true },
      { field: 'id', desc: false },
    ]);
    expect(orderKeys(items, [{ id: 'DESC' }])).toEqual([{ field: 'id', desc: true }]);
    expect(() => orderKeys(items, [{ size: 'ASC', label: 'ASC' }])).toThrow(/exactly one column/);
    expect(() => orderKeys(items, [{ size: 'ASC' }, { size: 'DESC' }])).toThrow(/twice/);
  });

  it('gives opaque cursors that only the same ordering accepts', () => {
    const keys = orderKeys(items, [{ size: 'DESC' }]);
    const cursor = encodeCursor(keys, { id: 'i-7', label: 'x', size: null });
    expect(cursor).not.toContain('i-7');
    expect(decodeCursor(keys, cursor)).toEqual([null, 'i-7']);
    expect(() => decodeCursor(orderKeys(items, [{ label: 'ASC' }]), cursor)).toThrow(/another ordering/);
    expect(() => decodeCursor(keys, '%%%')).toThrow(/not a cursor/);
  });

  it('checks at start that each orderBy field is a column and declares the read it makes', () => {
    const schema = buildSchema(`
      directive @reads(field: String!) repeatable on INPUT_FIELD_DEFINITION
      enum SortDirection { ASC DESC }
      input ItemOrder { label: SortDirection size: SortDirection colour: SortDirection }
      type Item { id: ID! label: String size: Int }
      type ItemConnection { nodes: [Item!]! }
      type Query { itemsConnection(orderBy: [ItemOrder!]): ItemConnection! }
    `);
    const reads = new Map([
      ['ItemOrder.label', ['Item.label']],
      ['ItemOrder.size', ['Item.label']],
    ]);
    expect(orderReadsProblems(schema, { Query: { itemsConnection: connection(items) } }, reads)).toEqual([
      'Query.itemsConnection(orderBy:): ItemOrder.size sorts by Item.size, but the schema declares @reads(field: "Item.label")',
      'Query.itemsConnection(orderBy:): ItemOrder.colour is no column of table items',
    ]);
  });
});
