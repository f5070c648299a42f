import { describe, expect, it } from 'vitest';
import { check } from './fixtures.ts';
import { parsePolicy } from './load.ts';

describe('loading policy files', () => {
  it('reports YAML syntax errors with the file and line', () => {
    expect(check({ 'p.yaml': 'grants:\n  - id: a\n    to: { roles: [x]\n    read: []\n' })).toEqual([expect.objectContaining({ file: 'p.yaml', line: expect.any(Number), message: expect.stringMatching(/^YAML syntax error/) })]);
  });

  it('reports unknown keys and misspelled sections at their line', () => {
    const problems = check({ 'p.yaml': 'grants:\n  - id: a\n    to: {}\n    reed:\n      - type: Customer\n' });
    expect(problems).toContainEqual({ file: 'p.yaml', line: 4, message: 'grants.0: unknown key "reed"' });
    expect(problems).toContainEqual(expect.objectContaining({ line: 2, message: 'grants.0: "read" is required' }));
  });

  it('rejects an unknown mask strategy, naming the allowed ones', () => {
    const problems = check({ 'masks.yaml': 'grants:\n  - id: a\n    to: {}\n    read: [{ type: Customer }]\n    masks:\n      pii: scramble\n' });
    expect(problems).toContainEqual({ file: 'masks.yaml', line: 6, message: 'grants.0.masks.pii: must be one of redact, hash, partial, year-only, null' });
  });

  it('rejects a target naming two things at once', () => {
    const problems = check({ 't.yaml': 'forbid:\n  - id: f\n    to: {}\n    read:\n      - { type: Customer, tag: pii }\n' });
    expect(problems[0]).toMatchObject({ line: 5, message: expect.stringContaining('must NOT have more than 1 properties') });
  });

  it('parses a set of files once per process and shares it read-only; the same text under another name is its own', () => {
    const text = 'grants:\n  - id: a\n    to: { roles: [r] }\n    read: [{ type: Customer }]\n';
    const source = { file: 'shared.yaml', text };
    const first = parsePolicy([source]);
    expect(parsePolicy([{ ...source }])).toBe(first);
    expect(Object.isFrozen(source)).toBe(false); // the caller's objects stay theirs
    expect(() => (first.policy!.documents[0].doc.grants![0] as { id: string }).id = 'changed').toThrow(TypeError);
    const renamed = parsePolicy([{ file: 'other.yaml', text }]);
    expect(renamed).not.toBe(first);
    expect(renamed.policy!.documents[0].file).toBe('other.yaml');
  });
});
