/** One data product: what it is, who owns it, how fresh it is, where it comes from and goes, who uses it, and what you may see of it. */
import { useEffect, useRef } from 'react';
import type { Catalog, Product } from './catalog.ts';
import { ClassificationBadge, FreshnessBadge } from './badges.tsx';
import { FieldTable } from './FieldTable.tsx';
import { ago, durationWords } from './format.ts';

export function ProductDetail({ product: p, catalog }: { product: Product; catalog: Catalog }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Choosing a product moves focus to it, so keyboard and screen-reader users land on what they chose.
  useEffect(() => {
    if (location.hash) heading.current?.focus();
  }, []);
  const names = new Map(catalog.products.map((x) => [x.id, x.name]));
  const rows = catalog.rows.filter((r) => p.types.includes(r.type));

  return (
    <article className="dpg-product" aria-labelledby="product-title" data-product-detail={p.id}>
      <header className="dpg-product-head">
        <h2 id="product-title" tabIndex={-1} ref={heading}>
          {p.name}
        </h2>
        <code>{p.id}</code>
        <span className="dpg-badge dpg-badge--plain">{p.status}</span>
        <ClassificationBadge classification={p.classification} />
      </header>
      <p className="dpg-purpose">{p.purpose}</p>

      <dl className="dpg-facts">
        <dt>Domain</dt>
        <dd>{p.domain}</dd>
        <dt>Owner team</dt>
        <dd>
          {p.team}
          {p.contact && (
            <>
              {' · '}
              <a href={`mailto:${p.contact}`}>{p.contact}</a>
            </>
          )}
        </dd>
        <dt>Freshness SLA</dt>
        <dd>
          at most {durationWords(p.freshness)} old <code>{p.freshness}</code>
        </dd>
        <dt>Live freshness</dt>
        <dd data-live-freshness>
          {p.live ? (
            <>
              {p.live.refreshedAt ? `refreshed ${ago(p.live.refreshedAt)}` : 'never refreshed yet'}
              {p.live.status && p.live.status !== 'ok' ? ` (last run: ${p.live.status})` : ''} <FreshnessBadge live={p.live} />
            </>
          ) : (
            'not reported for this product'
          )}
        </dd>
        {p.latency && (
          <>
            <dt>Latency promise</dt>
            <dd>p99 {p.latency}</dd>
          </>
        )}
        <dt>Served by</dt>
        <dd>
          subgraph {p.subgraph}, version {p.version}, published {ago(p.lastPublishedAt)}
          {p.cacheable ? '' : ' · never cached by gateways'}
        </dd>
        <dt>Types</dt>
        <dd>{p.types.join(', ')}</dd>
      </dl>

      <section aria-labelledby="lineage-title" className="dpg-lineage" data-lineage>
        <h3 id="lineage-title">Lineage</h3>
        {p.lineage ? (
          <div className="dpg-lineage-columns">
            <LineageList title="Built from" ids={p.lineage.upstream} names={names} none="Nothing: a source product." />
            <LineageList title="Used to build" ids={p.lineage.downstream} names={names} none="No other data product." />
          </div>
        ) : (
          <p>The catalog does not carry lineage yet.</p>
        )}
      </section>

      <section aria-labelledby="clients-title">
        <h3 id="clients-title">Clients using it</h3>
        {p.clients.length ? (
          <ul className="dpg-clients">
            {p.clients.map((c) => (
              <li key={c.client}>
                <strong>{c.client}</strong>: {c.requests} request{c.requests === 1 ? '' : 's'}, last on {c.lastSeen}
              </li>
            ))}
          </ul>
        ) : (
          <p>No client read it within the registry's usage window.</p>
        )}
      </section>

      <section aria-labelledby="access-title" data-access>
        <h3 id="access-title">Your access</h3>
        {rows.length > 0 && (
          <ul className="dpg-rows">
            {rows.map((r) => (
              <li key={`${r.type}:${r.subgraph}`}>
                <strong>{r.type}</strong> rows you see: {r.rows === 'all rows' ? 'all' : r.rows === 'no rows' ? 'none' : <code>{r.rows}</code>}
                {r.rules.length > 0 && <> ({r.rules.join(', ')})</>}
              </li>
            ))}
          </ul>
        )}
        <FieldTable product={p} decisions={catalog.decisions} />
        <p className="dpg-hint-inline">Decided by policy version {catalog.policyVersion.slice(0, 12)}.</p>
      </section>
    </article>
  );
}

function LineageList({ title, ids, names, none }: { title: string; ids: string[]; names: Map<string, string>; none: string }) {
  return (
    <div>
      <h4>{title}</h4>
      {ids.length ? (
        <ul>
          {ids.map((id) => (
            <li key={id}>{names.has(id) ? <a href={`#${encodeURIComponent(id)}`}>{names.get(id)}</a> : <code>{id}</code>}</li>
          ))}
        </ul>
      ) : (
        <p>{none}</p>
      )}
    </div>
  );
}
