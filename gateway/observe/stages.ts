/**
 * Spans for the pipeline's stages: a plugin wrapped here runs the hooks it
 * names inside child spans of the request span (identity in onRequest,
 * authorize in onOperation). The plugin itself knows nothing of tracing.
 */
import { inSpan } from '../../platform/telemetry/spans.ts';
import type { GatewayPlugin, RequestHooks } from '../pipeline/plugin.ts';

export interface StageSpans {
  onRequest?: string;
  onOperation?: string;
}

export function traced(plugin: GatewayPlugin, stages: StageSpans): GatewayPlugin {
  return {
    name: plugin.name,
    async onRequest(state) {
      const run = () => plugin.onRequest(state);
      const hooks: void | RequestHooks = state.trace && stages.onRequest ? await inSpan(stages.onRequest, { parent: state.trace }, run) : await run();
      if (!hooks || !hooks.onOperation || !stages.onOperation || !state.trace) return hooks;
      const onOperation = hooks.onOperation;
      return { ...hooks, onOperation: () => inSpan(stages.onOperation!, { parent: state.trace }, () => onOperation()) };
    },
  };
}
