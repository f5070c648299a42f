/**
 * The kit's spans below a subgraph request: one per DataLoader batch and
 * one per SQL statement. Statements are built with parameters (sql.ts), so
 * their text holds no values from callers or rows — it is safe to record.
 */
import { SpanKind } from '@opentelemetry/api';
import { inSpan } from '../../platform/telemetry/spans.ts';

const MAX_STATEMENT = 4000;

export function sqlSpan<T>(text: string, run: () => Promise<T>): Promise<T> {
  const verb = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'SQL';
  return inSpan(`sql ${verb}`, { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql', 'db.operation.name': verb, 'db.query.text': text.slice(0, MAX_STATEMENT) } }, run);
}

type Load<V> = (keys: readonly unknown[]) => Promise<V[]>;

/**
 * A DataLoader batch: `through` runs it (through the entity cache or not)
 * with a `load` that counts the keys that reached the database, so the span
 * says whether the cache answered: hit, partial or miss.
 */
export function batchSpan<V>(table: string, loader: string, keys: readonly unknown[], load: Load<V>, through: (load: Load<V>) => Promise<V[]>): Promise<V[]> {
  return inSpan(`dataloader ${table}`, { attributes: { 'dpg.table': table, 'dpg.loader': loader, 'dpg.batch.size': keys.length } }, async (span) => {
    if (!span) return through(load);
    let loaded = 0;
    const values = await through((missing) => {
      loaded += missing.length;
      return load(missing);
    });
    span.setAttributes({ 'dpg.cache.status': loaded === 0 ? 'hit' : loaded < keys.length ? 'partial' : 'miss', 'dpg.cache.hits': keys.length - loaded });
    return values;
  });
}
