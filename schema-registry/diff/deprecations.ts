/**
 * Since when a schema element has been deprecated, derived from the
 * supergraph history rather than stored separately: an element has been
 * deprecated since the oldest supergraph of the unbroken run of recent
 * supergraphs in which it carries @deprecated. Pure, apart from the history
 * the caller pages in.
 */
import { Kind, parse, type ConstDirectiveNode } from 'graphql';

const isDeprecated = (directives: readonly ConstDirectiveNode[] | undefined) => (directives ?? []).some((d) => d.name.value === 'deprecated');

/** Coordinates carrying @deprecated in a (super)graph SDL. */
export function deprecatedCoordinates(sdl: string): Set<string> {
  const doc = parse(sdl);
  const deprecated = new Set<string>();
  for (const def of doc.definitions) {
    if (!('name' in def) || !def.name) continue;
    const type = def.name.value;
    const fields = 'fields' in def ? (def.fields ?? []) : [];
    for (const field of fields) {
      if (isDeprecated(field.directives)) deprecated.add(`${type}.${field.name.value}`);
      if (field.kind === Kind.FIELD_DEFINITION) for (const arg of field.arguments ?? []) if (isDeprecated(arg.directives)) deprecated.add(`${type}.${field.name.value}(${arg.name.value}:)`);
    }
    const values = 'values' in def ? (def.values ?? []) : [];
    for (const value of values) if (isDeprecated(value.directives)) deprecated.add(`${type}.${value.name.value}`);
  }
  return deprecated;
}

export interface HistoryEntry {
  createdAt: string;
  deprecated: Set<string>;
}

/**
 * Walks supergraphs newest first and returns, per coordinate deprecated in
 * the newest, when its deprecation began. Stops as soon as every coordinate's
 * run has ended, so usually only a few supergraphs are read.
 */
export async function deprecatedSince(coordinates: readonly string[], newestFirst: AsyncIterable<HistoryEntry>): Promise<Map<string, string>> {
  const since = new Map<string, string>();
  let open: string[] | undefined;
  for await (const entry of newestFirst) {
    open = (open ?? coordinates.filter((c) => entry.deprecated.has(c))).filter((c) => entry.deprecated.has(c));
    for (const c of open) since.set(c, entry.createdAt);
    if (open.length === 0) break;
  }
  return since;
}
