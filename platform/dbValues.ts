/**
 * Both database engines return the same JS values: numbers for NUMERIC and
 * INT8 (our amounts and counts fit a double), plain 'YYYY-MM-DD' strings for
 * DATE (a JS Date would shift the day with the process time zone).
 */
const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082 } as const;

const toNumber = (v: string) => (v === null ? null : Number(v));

export const VALUE_PARSERS: Record<number, (v: string) => unknown> = { [OID.INT8]: toNumber, [OID.NUMERIC]: toNumber, [OID.DATE]: (v) => v };
