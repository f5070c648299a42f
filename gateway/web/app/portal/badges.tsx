/** Small labelled markers: freshness, classification and access decisions. Colour is never the only signal. */
import type { Effect } from '../shared/gateway.ts';
import type { LiveFreshness } from './catalog.ts';

export function FreshnessBadge({ live, compact = false }: { live: LiveFreshness; compact?: boolean }) {
  if (live.stale) {
    return (
      <span className="dpg-badge dpg-badge--bad" data-freshness="stale">
        Stale{compact ? '' : ': past its freshness SLA'}
      </span>
    );
  }
  return (
    <span className="dpg-badge dpg-badge--ok" data-freshness="fresh">
      Fresh{compact ? '' : ': within its SLA'}
    </span>
  );
}

const CLASSIFICATION_STYLE: Record<string, string> = { pii: 'bad', confidential: 'warn', internal: 'plain', public: 'ok' };

export function ClassificationBadge({ classification }: { classification: string }) {
  return <span className={`dpg-badge dpg-badge--${CLASSIFICATION_STYLE[classification] ?? 'plain'}`}>{classification}</span>;
}

const DECISION_LABEL: Record<Effect, string> = { allow: 'In clear', mask: 'Masked', deny: 'Denied' };
const DECISION_STYLE: Record<Effect, string> = { allow: 'ok', mask: 'warn', deny: 'bad' };

export function DecisionBadge({ decision, mask }: { decision: Effect; mask: string | null }) {
  return (
    <span className={`dpg-badge dpg-badge--${DECISION_STYLE[decision]}`} data-decision={decision}>
      {DECISION_LABEL[decision]}
      {decision === 'mask' && mask ? ` (${mask})` : ''}
    </span>
  );
}
