/**
 * Per-field timings from the subgraphs' federated traces (ftv1). With
 * SUBGRAPH_TRACES on, every subgraph call asks for a trace
 * (`apollo-federation-include-trace: ftv1`), and the resolver time of every
 * field in it — batched loads included — is recorded in the histogram
 * dpg_subgraph_field_seconds{subgraph, type, field}. Labels name schema
 * coordinates only, so their number is bounded by the supergraph's fields.
 */
import { Trace } from '@apollo/usage-reporting-protobuf';
import { histogram, type Metrics } from '../../platform/metrics.ts';

export const TRACE_HEADER = 'apollo-federation-include-trace';

export interface FieldTimings {
  /** Records the fields of one subgraph response's `extensions.ftv1`; a missing or unreadable trace records nothing. */
  record(subgraph: string, ftv1: unknown): void;
}

export function subgraphFieldTimings(metrics: Metrics): FieldTimings {
  const seconds = histogram(metrics, 'dpg_subgraph_field_seconds', 'Resolver time of each field in subgraphs, from their federated traces (SUBGRAPH_TRACES)', ['subgraph', 'type', 'field'], [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]);
  return {
    record(subgraph, ftv1) {
      if (typeof ftv1 !== 'string') return;
      let trace: Trace;
      try {
        trace = Trace.decode(Buffer.from(ftv1, 'base64'));
      } catch {
        return;
      }
      const walk = (node: Trace.INode) => {
        if (node.responseName && node.parentType) {
          const ns = Number(node.endTime ?? 0) - Number(node.startTime ?? 0);
          seconds.observe({ subgraph, type: node.parentType, field: node.originalFieldName || node.responseName }, Math.max(0, ns) / 1e9);
        }
        for (const child of node.child ?? []) walk(child);
      };
      if (trace.root) walk(trace.root);
    },
  };
}
