import { describe, expect, it } from 'vitest';
import { compare, operationTable, type Measurement } from './report.ts';

const row = (variant: string, operation: string, rps: number): Measurement => ({
  variant, label: variant, operation, rps, p50: 1, p99: 2, peakMb: 100, sqlPerRequest: 1, subgraphRequestsPerRequest: 1, non2xx: 0, errors: 0, cacheFailures: 0, sameDataAsBaseline: true,
});

describe('benchmark report', () => {
  it('relates every variant to the baseline and the ceiling of the same operation', () => {
    const rows = compare([row('base', 'a', 100), row('fast', 'a', 400), row('top', 'a', 1000), row('fast', 'b', 50), row('base', 'b', 25)], 'base', 'top');
    expect(rows.find((r) => r.variant === 'fast' && r.operation === 'a')).toMatchObject({ vsBaseline: 4, ofCeiling: 0.4 });
    expect(rows.find((r) => r.variant === 'fast' && r.operation === 'b')).toMatchObject({ vsBaseline: 2, ofCeiling: null });
    expect(operationTable(rows.filter((r) => r.operation === 'a'))).toMatch(/\| fast +\| +400 \|.*\| +4.00× \| +40.0% \|/);
  });
});
