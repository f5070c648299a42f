import { describe, expect, it } from 'vitest';
import { byClient, clientsOfTypes } from './clients.ts';
import { parseUsageReport, usageRows, type UsageLine } from './report.ts';

const hash = (c: string) => c.repeat(64);
const line = (over: Partial<UsageLine> = {}): UsageLine => ({ client: 'bi', clientKind: 'app', operationName: 'Accounts', operationHash: hash('a'), requests: 3, coordinates: ['Query.accounts', 'Account.name', 'Query.accounts(filter:)', 'AccountFilter', 'Region.EMEA'], ...over });

describe('usage reports', () => {
  it('accepts well-formed lines', () => {
    expect(parseUsageReport({ lines: [line(), line({ operationName: null })] })).toMatchObject({ problems: [], lines: [{ client: 'bi' }, { operationName: null }] });
  });

  it('takes a line without a client kind as unknown (a gateway that could not tell a person from an application)', () => {
    const { clientKind: _, ...old } = line();
    expect(parseUsageReport({ lines: [old] }).lines[0].clientKind).toBe('unknown');
    expect(parseUsageReport({ lines: [line({ clientKind: 'robot' as never })] }).problems).toEqual(['lines[0]: "clientKind" must be one of app, api-key, user, unknown']);
  });

  it('refuses a malformed report whole, naming each problem', () => {
    const { lines, problems } = parseUsageReport({ lines: [line(), line({ client: '', operationHash: 'xyz', requests: 0, coordinates: ['Account.name', 'drop table;'] })] });
    expect(lines).toEqual([]);
    expect(problems).toEqual([
      'lines[1]: "client" must be text of 1 to 200 characters',
      'lines[1]: "operationHash" must be a sha256 hex digest',
      'lines[1]: "requests" must be a whole number from 1 to 1000000000',
      'lines[1]: not schema coordinates: "drop table;"',
    ]);
    expect(parseUsageReport([1]).problems[0]).toMatch(/body must be/);
  });

  it('sums repeated lines into one row per coordinate, client and operation', () => {
    const rows = usageRows([line(), line({ requests: 2 }), line({ client: 'app', coordinates: ['Account.name'] }), line({ clientKind: 'user', coordinates: ['Account.name'] })], '2025-03-31');
    expect(rows.filter((r) => r.coordinate === 'Account.name').map((r) => [r.client, r.clientKind, r.requests, r.typeName])).toEqual([
      ['bi', 'app', 5, 'Account'],
      ['app', 'app', 3, 'Account'],
      ['bi', 'user', 3, 'Account'], // a person called like an application is another client
    ]);
    expect(rows.find((r) => r.coordinate === 'Query.accounts(filter:)')?.typeName).toBe('Query');
  });
});

describe('usage by client', () => {
  it('groups coordinate usage per client, counting a request once even when it touches several coordinates', () => {
    const usage = [
      { coordinate: 'Account.name', typeName: 'Account', client: 'bi', clientKind: 'app' as const, operationHash: hash('a'), operationName: 'A', requests: 5, lastSeen: '2025-03-30' },
      { coordinate: 'Account.region', typeName: 'Account', client: 'bi', clientKind: 'app' as const, operationHash: hash('a'), operationName: 'A', requests: 5, lastSeen: '2025-03-31' },
      { coordinate: 'Account.name', typeName: 'Account', client: 'app', clientKind: 'api-key' as const, operationHash: hash('b'), operationName: null, requests: 9, lastSeen: '2025-03-29' },
    ];
    expect(byClient(usage)).toEqual([
      { client: 'app', kind: 'api-key', requests: 9, lastSeen: '2025-03-29', operations: [{ name: null, hash: hash('b'), requests: 9 }] },
      { client: 'bi', kind: 'app', requests: 5, lastSeen: '2025-03-31', operations: [{ name: 'A', hash: hash('a'), requests: 5 }] },
    ]);
  });

  it('counts the clients of a data product over its types', () => {
    const days = [
      { client: 'bi', clientKind: 'app' as const, typeName: 'Account', operationHash: hash('a'), day: '2025-03-30', requests: 4 },
      { client: 'bi', clientKind: 'app' as const, typeName: 'Contact', operationHash: hash('a'), day: '2025-03-30', requests: 4 },
      { client: 'bi', clientKind: 'app' as const, typeName: 'Account', operationHash: hash('a'), day: '2025-03-31', requests: 1 },
      { client: 'app', clientKind: 'app' as const, typeName: 'Lead', operationHash: hash('c'), day: '2025-03-31', requests: 7 },
    ];
    expect(clientsOfTypes(days, ['Account', 'Contact'])).toEqual([{ client: 'bi', kind: 'app', requests: 5, lastSeen: '2025-03-31' }]);
    expect(clientsOfTypes(days, ['Ticket'])).toEqual([]);
  });
});
