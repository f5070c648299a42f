/**
 * GraphiQL at the gateway, in a real Chromium against the real mesh: it
 * loads from the gateway alone, signs in with a token, shows the README's
 * examples as tabs, introspects and runs them with the caller's credential,
 * and shows the data as that caller may see it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchChromium, screenshots, seriousViolations, watchPage, type Chromium, type KnownViolation } from '../../test/support/browser.ts';
import { startTestMesh, tokenFor, type TestMesh } from '../../test/support/mesh.ts';
import { hashKey, newApiKey } from '../identity/apiKeys.ts';
import { EXAMPLES } from './examples.ts';

const API_KEY = newApiKey();
/** A loaded machine may take seconds to render; these waits end as soon as the condition holds. */
const POLL = { timeout: 20_000 };

/**
 * Two structures of GraphiQL itself that axe flags and no page around it can
 * change without forking GraphiQL; everything else on the page, GraphiQL
 * included, must pass. Its colours and its editors' labels are fixed
 * here (graphiql.css, useEditorLabels).
 */
const GRAPHIQL_STRUCTURE: KnownViolation[] = [
  { id: 'nested-interactive', selector: '.graphiql-tab', why: 'each GraphiQL tab (role=tab) holds its own close button' },
  { id: 'scrollable-region-focusable', selector: '.CodeMirror-scroll', why: "CodeMirror 5 keeps its focusable input beside its scroller, not inside" },
];

/** GraphiQL's response pane holds a CodeMirror 5 editor; its value is the whole response, also the lines scrolled out of view. */
const responseText = (page: Page) =>
  page.evaluate(() => (document.querySelector('.result-window .CodeMirror') as unknown as { CodeMirror?: { getValue(): string } } | null)?.CodeMirror?.getValue() ?? '');

async function signIn(page: Page, credential: string) {
  await page.getByLabel('Token or API key').fill(credential);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Signed in as').waitFor();
}

async function runActiveTab(page: Page): Promise<{ data?: any; errors?: any[] }> {
  await page.getByRole('button', { name: /Execute query/ }).click();
  await page.waitForFunction(() => {
    const value = (document.querySelector('.result-window .CodeMirror') as unknown as { CodeMirror?: { getValue(): string } } | null)?.CodeMirror?.getValue();
    return !!value && value.trim().startsWith('{');
  });
  return JSON.parse(await responseText(page));
}

describeBrowser('GraphiQL at the gateway', () => {
  let mesh: TestMesh;
  let chrome: Chromium;

  beforeAll(async () => {
    const powerbi = { id: 'powerbi', sha256: hashKey(API_KEY), principal: { subject: 'powerbi', roles: ['analyst'], scopes: [], attributes: {} } };
    // One at a time, so a mesh that fails to start never leaves a browser behind.
    chrome = await launchChromium();
    mesh = await startTestMesh({ gateway: { apiKeys: [powerbi] } });
  });
  afterAll(async () => {
    await chrome?.close();
    await mesh?.close();
  });

  it('loads from the gateway alone, runs an example with a token, and shows masked and denied data', async () => {
    const page = await chrome.context.newPage();
    const watch = watchPage(page, mesh.gateway.url);
    const introspections: Record<string, string>[] = [];
    page.on('request', (r) => r.method() === 'POST' && r.postData()?.includes('__schema') && introspections.push(r.headers()));

    await page.goto(`${mesh.gateway.url}/`);
    // The README's examples are ready tabs, in their order.
    await expect.poll(() => page.getByRole('tab').allInnerTexts(), POLL).toEqual(EXAMPLES.map((e) => expect.stringContaining(e.name)));
    // Signed out, GraphiQL asks for nothing: the gateway would only answer 401.
    expect(introspections).toEqual([]);

    await signIn(page, await tokenFor(['analyst'], {}, [], 'ann'));
    await expect.poll(() => page.locator('.dpg-identity').innerText(), POLL).toMatch(/ann.*analyst/s);
    // The schema GraphiQL shows is introspected with the caller's own credential.
    await expect.poll(() => introspections.length, POLL).toBeGreaterThan(0);
    expect(introspections.at(-1)!.authorization).toMatch(/^Bearer /);

    const result = await runActiveTab(page);
    const accounts = result.data.accounts as { region: string; contacts: { email: string }[]; opportunities: { amount: number | null }[] }[];
    expect(accounts.length).toBeGreaterThan(0);
    for (const a of accounts) {
      expect(a.region).toBe('EMEA');
      for (const c of a.contacts) expect(c.email).toMatch(/^\w\*\*\*@/);
      for (const o of a.opportunities) expect(o.amount).toBeNull();
    }
    expect(result.errors).toContainEqual(expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN', coordinate: 'Opportunity.amount' }) }));

    await screenshots(page, 'graphiql');
    expect(watch.errors).toEqual([]);
    expect(watch.foreign).toEqual([]);
    await page.close();
  });

  it('opens at /graphql in a browser, sends an API key as X-API-Key, and forgets the credential on sign-out', async () => {
    const page = await chrome.context.newPage();
    const watch = watchPage(page, mesh.gateway.url);
    const sent: Record<string, string>[] = [];
    page.on('request', (r) => r.url().endsWith('/graphql') && r.method() === 'POST' && sent.push(r.headers()));
    // The browser asks /graphql for HTML and gets GraphiQL; GraphiQL itself then POSTs JSON there.
    const navigation = await page.goto(`${mesh.gateway.url}/graphql`);
    expect(navigation!.headers()['content-type']).toMatch(/^text\/html/);
    await signIn(page, API_KEY);
    await expect.poll(() => page.locator('.dpg-identity').innerText(), POLL).toContain('powerbi');
    await expect.poll(() => sent.length, POLL).toBeGreaterThan(0);
    expect(sent.at(-1)!['x-api-key']).toMatch(/^dpg_/);
    expect(sent.at(-1)!.authorization).toBeUndefined();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Token or API key').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('has no serious or critical accessibility violations', async () => {
    const page = await chrome.context.newPage();
    await page.goto(`${mesh.gateway.url}/`);
    await signIn(page, await tokenFor(['analyst']));
    await runActiveTab(page);
    expect(await seriousViolations(page, GRAPHIQL_STRUCTURE)).toEqual([]);
    await page.close();
  });
});
