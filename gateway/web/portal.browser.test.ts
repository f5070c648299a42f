/**
 * The data-product portal, in a real Chromium against the real mesh: every
 * product of the registry's catalog, live freshness of every product with a
 * stale badge past the SLA (analytics from its own field, the others from
 * what their subgraphs report to the registry), lineage, the clients that
 * use a product, and the signed-in caller's own access to each field — all
 * through the gateway, with the caller's credential, from the gateway's own
 * origin.
 */
import request from 'supertest';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchChromium, screenshots, seriousViolations, WIDTHS, watchPage, type Chromium } from '../../test/support/browser.ts';
import { bearer, startTestMesh, tokenFor, type TestMesh } from '../../test/support/mesh.ts';
import { until } from '../../test/support/until.ts';
import { DEV_ADMIN_TOKEN } from '../../schema-registry/config.ts';

const CAC = 'analytics.customer-acquisition-cost';
const EXPERIMENTS = 'analytics.experiment-results';
const CLIENT = 'quarterly-finance-dashboard';
/** A loaded machine may take seconds to render; these waits end as soon as the condition holds. */
const POLL = { timeout: 20_000 };

async function signIn(page: Page, token: string) {
  await page.getByLabel('Token or API key').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-product-detail]').waitFor();
}

async function open(page: Page, product: string) {
  await page.locator(`a[data-product="${product}"]`).click();
  await page.locator(`[data-product-detail="${product}"]`).waitFor();
}

const fieldRow = (page: Page, coordinate: string) => page.locator(`tr[data-coordinate="${coordinate}"]`);

describeBrowser('data-product portal', () => {
  let mesh: TestMesh;
  let chrome: Chromium;
  let catalogIds: string[];

  beforeAll(async () => {
    // One at a time, so a mesh that fails to start never leaves a browser behind.
    chrome = await launchChromium();
    // Freshness reports every 200 ms, so the analytics refresh below reaches the registry at once.
    mesh = await startTestMesh({ env: { USAGE_FLUSH_INTERVAL_MS: '100', FRESHNESS_REPORT_INTERVAL_MS: '200' } });
    // Freshness made deterministic: CAC refreshed just now, experiment results
    // three hours ago against a one-hour SLA.
    await mesh.subgraphs.analytics.db.query(
      `INSERT INTO refreshes (product, refreshed_at, source_rows, status) VALUES ($1, now(), 10, 'ok'), ($2, now() - interval '3 hours', 10, 'ok')
       ON CONFLICT (product) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at, status = 'ok', error = NULL`,
      [CAC, EXPERIMENTS],
    );
    // A named client reads CAC, so the catalog has a client to show.
    const read = await request(mesh.gateway.url).post('/graphql').set(await bearer(['analyst'])).set('apollographql-client-name', CLIENT).send({ query: '{ customerAcquisitionCost { quarter cac } }' });
    expect(read.status).toBe(200);
    await until('usage in the catalog', async () => {
      // Clients are shown to registry token holders only.
      const catalog = (await request(mesh.registry.url).get('/catalog').set('authorization', `Bearer ${DEV_ADMIN_TOKEN}`)).body as { id: string; clients: { client: string }[] }[];
      return catalog.find((p) => p.id === CAC)?.clients.some((c) => c.client === CLIENT) ?? false;
    });
    // Every subgraph reports its products' freshness to the registry once published: sales.accounts as of its load.
    await until('sales freshness in the catalog', async () => {
      const catalog = (await request(mesh.registry.url).get('/catalog')).body as { id: string; refreshedAt: string | null }[];
      return catalog.find((p) => p.id === 'sales.accounts')?.refreshedAt != null;
    });
    catalogIds = ((await request(mesh.registry.url).get('/catalog')).body as { id: string }[]).map((p) => p.id).sort();
  });
  afterAll(async () => {
    await chrome?.close();
    await mesh?.close();
  });

  it('lists every data product of the catalog, by domain, from the gateway alone and without errors', async () => {
    const page = await chrome.context.newPage();
    const watch = watchPage(page, mesh.gateway.url);
    await page.goto(`${mesh.gateway.url}/portal`);
    await signIn(page, await tokenFor(['analyst'], {}, [], 'ann'));

    const listed = await page.locator('a[data-product]').evaluateAll((links) => links.map((a) => a.getAttribute('data-product')!));
    expect(catalogIds.length).toBeGreaterThan(10);
    expect(listed.sort()).toEqual(catalogIds);
    const domains = await page.getByRole('navigation', { name: 'Data products by domain' }).getByRole('heading', { level: 2 }).allInnerTexts();
    expect(domains.map((d) => d.toLowerCase())).toEqual(['analytics', 'customer-success', 'gameplay', 'governance', 'marketing', 'sales']);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'data products' }).innerText(), POLL).toBe(`${catalogIds.length} of ${catalogIds.length} data products`);

    await open(page, CAC);
    const detail = page.locator(`[data-product-detail="${CAC}"]`);
    expect(await detail.getByRole('heading', { level: 2 }).innerText()).toBe('Customer acquisition cost');
    const facts = await detail.locator('dl').innerText();
    expect(facts).toMatch(/Owner team\s+analytics-engineering/);
    expect(facts).toMatch(/Freshness SLA\s+at most 1 hour old/);
    expect(await detail.getByText(/^Marketing spend divided by new customers won/).count()).toBe(1);
    // The clients that read it, from the gateway's usage reports.
    expect(await detail.getByRole('region', { name: 'Clients using it' }).innerText()).toContain(CLIENT);

    await screenshots(page, 'portal', '[data-product-detail]');
    expect(watch.errors).toEqual([]);
    expect(watch.foreign).toEqual([]);
    await page.close();
  });

  it('shows live freshness with a stale badge for a product past its SLA', async () => {
    const page = await chrome.context.newPage();
    const watch = watchPage(page, mesh.gateway.url);
    await page.goto(`${mesh.gateway.url}/portal#${EXPERIMENTS}`);
    await signIn(page, await tokenFor(['analyst']));

    const stale = page.locator(`[data-product-detail="${EXPERIMENTS}"] [data-live-freshness]`);
    expect(await stale.innerText()).toMatch(/refreshed 3 hours ago/);
    expect(await stale.locator('[data-freshness]').getAttribute('data-freshness')).toBe('stale');
    expect(await stale.locator('[data-freshness]').innerText()).toMatch(/^Stale/);
    // The list carries the badge too, and only for the stale product.
    expect(await page.locator(`a[data-product="${EXPERIMENTS}"] [data-freshness]`).innerText()).toBe('Stale');
    expect(await page.locator(`a[data-product="${CAC}"] [data-freshness]`).innerText()).toBe('Fresh');

    await open(page, CAC);
    const fresh = page.locator(`[data-product-detail="${CAC}"] [data-live-freshness]`);
    expect(await fresh.locator('[data-freshness]').getAttribute('data-freshness')).toBe('fresh');
    // Operational products too: their subgraph reports to the registry, and the catalog carries it.
    expect(await page.locator('a[data-product="sales.accounts"] [data-freshness]').innerText()).toBe('Fresh');
    await open(page, 'sales.accounts');
    const accounts = page.locator('[data-product-detail="sales.accounts"] [data-live-freshness]');
    expect(await accounts.innerText()).toMatch(/^refreshed (just now|\d+ minutes? ago)/);
    expect(await accounts.locator('[data-freshness]').getAttribute('data-freshness')).toBe('fresh');
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it("shows each field's decision for the signed-in caller, with the rule and why", async () => {
    const page = await chrome.context.newPage();
    await page.goto(`${mesh.gateway.url}/portal#sales.contacts`);
    await signIn(page, await tokenFor(['analyst']));
    const email = fieldRow(page, 'Contact.email');
    expect(await email.locator('[data-decision]').getAttribute('data-decision')).toBe('mask');
    expect(await email.locator('[data-decision]').innerText()).toBe('Masked (partial)');
    expect(await email.innerText()).toMatch(/tag-pii.*Personal data is masked/s);

    await open(page, 'sales.pipeline');
    const amount = fieldRow(page, 'Opportunity.amount');
    expect(await amount.locator('[data-decision]').getAttribute('data-decision')).toBe('deny');
    expect(await amount.innerText()).toMatch(/confidential.*tag-confidential/s);
    expect(await fieldRow(page, 'Opportunity.stage').locator('[data-decision]').getAttribute('data-decision')).toBe('allow');
    await page.close();

    // Another caller, another answer: a sales rep in EMEA reads emails in clear, only EMEA rows.
    const rep = await chrome.context.newPage();
    await rep.goto(`${mesh.gateway.url}/portal#sales.contacts`);
    await signIn(rep, await tokenFor(['sales'], { region: 'EMEA' }, [], 'rita'));
    expect(await fieldRow(rep, 'Contact.email').locator('[data-decision]').getAttribute('data-decision')).toBe('allow');
    // Contacts also follow their account (policies/rules/sales.yaml).
    expect(await rep.locator('[data-access]').innerText()).toContain('Contact rows you see: (region eq "EMEA" AND account visible (Account: region eq "EMEA"))');
    await rep.close();
  });

  it('searches by name, tag and owner', async () => {
    const page = await chrome.context.newPage();
    await page.goto(`${mesh.gateway.url}/portal`);
    await signIn(page, await tokenFor(['analyst']));
    const search = page.getByLabel('Search by name, tag or owner');
    const shown = () => page.locator('a[data-product]').evaluateAll((links) => links.map((a) => a.getAttribute('data-product')!).sort());

    await search.fill('owner:analytics-engineering');
    expect(await shown()).toEqual(catalogIds.filter((id) => id.startsWith('analytics.')));
    await search.fill('tag:pii');
    const pii = await shown();
    expect(pii).toEqual(expect.arrayContaining(['marketing.leads', 'sales.contacts']));
    expect(pii).not.toContain(CAC);
    // Free words match names and purposes: campaigns and leads mention acquisition too.
    await search.fill('acquisition');
    expect(await shown()).toEqual([CAC, 'marketing.campaigns', 'marketing.leads'].sort());
    await search.fill('acquisition owner:analytics');
    expect(await shown()).toEqual([CAC]);
    await search.fill('no product is called this');
    expect(await shown()).toEqual([]);
    await page.close();
  });

  it('works with the keyboard alone: skip link, search, and choosing a product moves focus to it', async () => {
    const page = await chrome.context.newPage();
    await page.goto(`${mesh.gateway.url}/portal`);
    await signIn(page, await tokenFor(['analyst']));
    // Signed in, as a returning visitor meets the page: the credential stays for this tab's session.
    await page.reload();
    await page.locator('[data-product-detail]').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    // Past the skip link, the first stop in the content is the search.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('search');
    await page.keyboard.type('experiment results');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-product'))).toBe(EXPERIMENTS);
    await page.keyboard.press('Enter');
    await page.locator(`[data-product-detail="${EXPERIMENTS}"]`).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), POLL).toBe('product-title');
    await page.close();
  });

  it('has no serious or critical accessibility violations at desktop and phone width', async () => {
    const page = await chrome.context.newPage();
    await page.goto(`${mesh.gateway.url}/portal#sales.contacts`);
    await signIn(page, await tokenFor(['analyst']));
    for (const size of Object.values(WIDTHS)) {
      await page.setViewportSize(size);
      expect(await seriousViolations(page), `${size.width} px`).toEqual([]);
    }
    // Signed out too: the page a first-time visitor meets.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Token or API key').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('shows lineage both ways for customer acquisition cost', async () => {
    const page = await chrome.context.newPage();
    await page.goto(`${mesh.gateway.url}/portal#${CAC}`);
    await signIn(page, await tokenFor(['analyst']));
    const lineage = page.locator(`[data-product-detail="${CAC}"] [data-lineage]`);
    // Each list is the element holding its heading (the columns around both hold both headings).
    const list = (scope: typeof lineage, title: string) => scope.getByRole('heading', { name: title, exact: true }).locator('..');
    const builtFrom = await list(lineage, 'Built from').getByRole('link').evaluateAll((links) => links.map((a) => decodeURIComponent(a.getAttribute('href')!.slice(1))));
    // Built from marketing's spend and sales' customers (the product's stated purpose).
    expect(builtFrom.some((id) => id.startsWith('marketing.'))).toBe(true);
    expect(builtFrom.some((id) => id.startsWith('sales.'))).toBe(true);
    // And each input names CAC among what is built from it.
    for (const input of builtFrom) {
      await open(page, input);
      const usedToBuild = list(page.locator(`[data-product-detail="${input}"] [data-lineage]`), 'Used to build');
      expect(await usedToBuild.innerText(), input).toContain('Customer acquisition cost');
    }
    await page.close();
  });
});
