import { describe, expect, it } from 'vitest';
import { judgeStatuses, type ServiceStatus } from './status.ts';

const service = (name: string, over: Partial<ServiceStatus> = {}): ServiceStatus => ({ name, url: `http://${name}`, ready: true, version: 'v1', supergraph: 'sg1', problems: [], ...over });

describe('policy status across services', () => {
  it('is ok when every service enforces one version checked against one supergraph', () => {
    expect(judgeStatuses([service('gateway'), service('sales')])).toEqual({ ok: true, findings: [] });
  });

  it('names each service that disagrees, refuses the newest policy, has none, or cannot be asked', () => {
    const { ok, findings } = judgeStatuses([
      service('gateway', { problems: [{ file: 'rules/x.yaml', line: 5, message: 'unknown subgraph "financ"' }] }),
      service('sales', { version: 'v2' }),
      service('marketing', { version: null, supergraph: null }),
      service('gameplay', { supergraph: 'sg0' }),
      service('analytics', { error: 'unreachable at http://analytics (fetch failed)', ready: null, version: null, supergraph: null }),
    ]);
    expect(ok).toBe(false);
    expect(findings).toEqual([
      'gateway refuses the newest policy: rules/x.yaml:5: unknown subgraph "financ"',
      'marketing: no valid policy',
      'marketing: its policy is not checked against a supergraph',
      'analytics: unreachable at http://analytics (fetch failed)',
      'services disagree on the policy version: gateway v1, sales v2, marketing none, gameplay v1',
      'services check the policy against different supergraphs: gateway sg1, sales sg1, marketing none, gameplay sg0',
    ]);
  });
});
