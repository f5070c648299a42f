import { describe, expect, it } from 'vitest';
import { raw, render } from './sql.ts';
import { carrying, defineTable, eq, from, selectAggregate, selectByKeys, selectChildren, selectPage } from './table.ts';

const t = defineTable({
  type: 'Opportunity',
  table: 'opportunities',
  key: 'id',
  columns: { id: 'id', accountId: 'account_id', stage: 'stage', closeDate: 'close_date' },
  filters: { stage: eq('stage'), closedFrom: from('close_date') },
});
const all = raw('TRUE');

describe('table statements', () => {
  it('pages a root list by key, after the cursor, with filters and the row guard', () => {
    const { text, params } = render(selectPage(t, { first: 10, after: 'o-5', filter: { stage: 'CLOSED_WON', closedFrom: null } }, raw('region = current_region')));
    expect(text).toBe(
      'SELECT opportunities.id AS "id", opportunities.account_id AS "accountId", opportunities.stage AS "stage", opportunities.close_date AS "closeDate" FROM opportunities WHERE (opportunities.stage = $1 AND region = current_region AND opportunities.id > $2) ORDER BY opportunities.id LIMIT $3',
    );
    expect(params).toEqual(['CLOSED_WON', 'o-5', 10]);
  });

  it('loads a batch of keys in one statement', () => {
    const { text, params } = render(selectByKeys(t, ['a', 'b'], all));
    expect(text).toContain('WHERE opportunities.id = ANY($1) AND TRUE');
    expect(params).toEqual([['a', 'b']]);
  });

  it('selects which ways show each row when asked to', () => {
    const { text } = render(selectByKeys(t, ['a'], all, raw('(CASE WHEN TRUE THEN 1 ELSE 0 END)')));
    expect(text).toContain('opportunities.close_date AS "closeDate", (CASE WHEN TRUE THEN 1 ELSE 0 END) AS "__ways" FROM opportunities');
  });

  it('limits child lists per parent with a window function, not per batch', () => {
    const { text, params } = render(selectChildren(t, 'accountId', ['acc-1', 'acc-2'], { first: 3 }, all));
    expect(text).toContain('row_number() OVER (PARTITION BY opportunities.account_id ORDER BY opportunities.id)');
    expect(text).toContain('WHERE "__rank" <= $2');
    expect(params).toEqual([['acc-1', 'acc-2'], 3]);
  });

  it('aggregates per parent in one statement, over guarded rows only', () => {
    const { text, params } = render(selectAggregate(t, 'accountId', 'sum(1)', ['acc-1', 'acc-2'], raw('region = current_region')));
    expect(text).toBe('SELECT opportunities.account_id AS "parent", sum(1) AS "value" FROM opportunities WHERE opportunities.account_id = ANY($1) AND region = current_region GROUP BY opportunities.account_id');
    expect(params).toEqual([['acc-1', 'acc-2']]);
  });

  it('refuses unsafe identifiers and unknown filters', () => {
    expect(() => defineTable({ type: 'X', table: 'x; drop', key: 'id', columns: { id: 'id' } })).toThrow(/unsafe SQL identifier/);
    expect(() => selectPage(t, { first: 1, filter: { nope: 1 } }, all)).toThrow(/no filter "nope"/);
    expect(() => defineTable({ ...t, relations: { account: carrying({ region: 'accountRegion' }) } })).toThrow(/relation "account" uses field "accountRegion", which has no column/);
  });
});
