/** Every domain of the mesh. Adding a domain means adding its folder and one line here. */
import analytics from './analytics/index.ts';
import customerSuccess from './customer-success/index.ts';
import gameplay from './gameplay/index.ts';
import governance from './governance/index.ts';
import type { Domain } from './kit/domain.ts';
import marketing from './marketing/index.ts';
import sales from './sales/index.ts';

export const domains: readonly Domain[] = [sales, marketing, customerSuccess, gameplay, analytics, governance];

export function domainNamed(name: string): Domain {
  const domain = domains.find((d) => d.name === name);
  if (!domain) throw new Error(`unknown subgraph "${name}"; known: ${domains.map((d) => d.name).join(', ')}`);
  return domain;
}
