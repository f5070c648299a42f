/**
 * Search over the catalog: free words match a product's name, id, purpose,
 * domain, owner team, classification and field tags; `tag:`, `owner:` and
 * `domain:` narrow to one of them. Every term must match.
 */

export interface Searchable {
  id: string;
  name: string;
  purpose: string;
  domain: string;
  team: string;
  classification: string;
  fields: { tags: string[]; classification: string }[];
}

export type TermKind = 'text' | 'tag' | 'owner' | 'domain';

export interface Term {
  kind: TermKind;
  value: string;
}

const PREFIXES: Record<string, TermKind> = { tag: 'tag', owner: 'owner', team: 'owner', domain: 'domain' };

export function parseSearch(input: string): Term[] {
  return input
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => {
      const [, prefix, rest] = /^(\w+):(.+)$/.exec(word) ?? [];
      const kind = prefix ? PREFIXES[prefix.toLowerCase()] : undefined;
      return kind ? { kind, value: rest.toLowerCase() } : { kind: 'text' as const, value: word.toLowerCase() };
    });
}

const tagsOf = (p: Searchable) => new Set([p.classification, ...p.fields.flatMap((f) => [...f.tags, f.classification])].map((t) => t.toLowerCase()));

const MATCHERS: Record<TermKind, (p: Searchable, value: string) => boolean> = {
  tag: (p, v) => tagsOf(p).has(v),
  owner: (p, v) => p.team.toLowerCase().includes(v),
  domain: (p, v) => p.domain.toLowerCase() === v,
  text: (p, v) => [p.id, p.name, p.purpose, p.domain, p.team].some((t) => t.toLowerCase().includes(v)) || tagsOf(p).has(v),
};

export function matchesSearch(p: Searchable, terms: readonly Term[]): boolean {
  return terms.every((t) => MATCHERS[t.kind](p, t.value));
}
