/**
 * Every domain of the mesh: the built-in ones, and any other domain folder
 * beside them (`dpg domain new NAME` makes one), so adding a domain means
 * adding its folder.
 */
import analytics from './analytics/index.ts';
import customerSuccess from './customer-success/index.ts';
import gameplay from './gameplay/index.ts';
import governance from './governance/index.ts';
import type { Domain } from './kit/domain.ts';
import { discoverDomains } from './kit/loadDomain.ts';
import marketing from './marketing/index.ts';
import sales from './sales/index.ts';

const builtIn = [sales, marketing, customerSuccess, gameplay, analytics, governance];

export const domains: readonly Domain[] = [...builtIn, ...(await discoverDomains(import.meta.dirname, builtIn.map((d) => d.dir)))];

export function domainNamed(name: string): Domain {
  const domain = domains.find((d) => d.name === name);
  if (!domain) throw new Error(`unknown subgraph "${name}"; known: ${domains.map((d) => d.name).join(', ')}`);
  return domain;
}
