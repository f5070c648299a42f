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

export function batchSpan<T>(table: string, loader: string, keys: number, run: () => Promise<T>): Promise<T> {
  return inSpan(`dataloader ${table}`, { attributes: { 'dpg.table': table, 'dpg.loader': loader, 'dpg.batch.size': keys } }, run);
}
