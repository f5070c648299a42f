import { describe, expect, it } from 'vitest';
import { applyMask, misfit, strongest, weakest } from './masks.ts';

describe('mask strategies', () => {
  it('partially reveals emails, phone numbers and names', () => {
    expect(applyMask('partial', 'jane.doe@example.com', 'k')).toBe('j***@example.com');
    expect(applyMask('partial', '+1-555-0142', 'k')).toBe('***0142');
    expect(applyMask('partial', 'Jane Doe', 'k')).toBe('J***');
  });

  it('hashes with a key: stable for joins, different under another key, not the value', () => {
    const a = applyMask('hash', 'jane@example.com', 'k1');
    expect(applyMask('hash', 'jane@example.com', 'k1')).toBe(a);
    expect(applyMask('hash', 'jane@example.com', 'k2')).not.toBe(a);
    expect(a).toMatch(/^h:[\w-]{22}$/);
    expect(String(a)).not.toContain('jane');
  });

  it('redacts, nulls, and keeps only the year of dates (still a valid date)', () => {
    expect(applyMask('redact', 'secret', 'k')).toBe('[REDACTED]');
    expect(applyMask('null', 'secret', 'k')).toBeNull();
    expect(applyMask('year-only', '1987-06-05', 'k')).toBe('1987-01-01');
    expect(applyMask('year-only', new Date('1987-06-05T10:00:00Z'), 'k')).toBe('1987-01-01T00:00:00.000Z');
    expect(applyMask('partial', ['a@b.c', null], 'k')).toEqual(['a***@b.c', null]);
    expect(applyMask('hash', null, 'k')).toBeNull();
  });

  it('knows which field types each strategy fits', () => {
    expect(misfit('hash', { namedType: 'ID', nullable: false })).toBeNull();
    expect(misfit('partial', { namedType: 'Int', nullable: true })).toMatch(/strings and IDs/);
    expect(misfit('year-only', { namedType: 'DateTime', nullable: true })).toBeNull();
    expect(misfit('null', { namedType: 'String', nullable: false })).toMatch(/nullable/);
  });

  it('orders strategies from most to least revealing', () => {
    expect(strongest('partial', 'hash')).toBe('hash');
    expect(strongest(null, 'partial')).toBe('partial');
    expect(weakest('redact', 'hash')).toBe('hash');
    expect(weakest(null, 'null')).toBeNull();
  });
});
