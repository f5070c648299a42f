/**
 * A real Chromium for the web pages' tests: Debian's `chromium` package
 * driven by playwright-core (its own browser download is not used). Without
 * Chromium the browser tests skip on a developer's machine and fail under
 * REQUIRE_SERVICES=1 (CI), like the other real services.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describe } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  const ok = fs.existsSync(CHROMIUM_PATH);
  if (!ok && process.env.REQUIRE_SERVICES === '1') throw new Error(`REQUIRE_SERVICES=1 but Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium)`);
  return ok;
}

/** `describe` for tests that need Chromium. */
export const describeBrowser = chromiumAvailable() ? describe : describe.skip;

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium with a fresh profile, removed on close. Every page gets axe-core before its own scripts (an init script, so the page's CSP still applies to everything else). */
export async function launchChromium(): Promise<Chromium> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
  await context.addInitScript({ path: AXE_SOURCE });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface PageWatch {
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Requests to any origin but the gateway's. */
  foreign: string[];
}

/** Records what a page must never do: log errors, or reach for another origin. */
export function watchPage(page: Page, origin: string): PageWatch {
  const watch: PageWatch = { errors: [], foreign: [] };
  page.on('console', (m) => m.type() === 'error' && watch.errors.push(m.text()));
  page.on('pageerror', (e) => watch.errors.push(e.message));
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol !== 'data:' && url.origin !== new URL(origin).origin) watch.foreign.push(r.url());
  });
  return watch;
}

export const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

export const SCREENSHOT_DIR = path.join(import.meta.dirname, '..', '..', 'gateway', 'web', '.screenshots');

/**
 * Screenshots of the page as it is now, at desktop and phone width, into
 * gateway/web/.screenshots/<name>-<width>.png; `show` is scrolled into view
 * first when it starts below the middle of the window (on a phone, below the list).
 */
export async function screenshots(page: Page, name: string, show?: string): Promise<string[]> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const files: string[] = [];
  for (const size of Object.values(WIDTHS)) {
    await page.setViewportSize(size);
    if (show) await page.locator(show).evaluate((e) => e.getBoundingClientRect().top > innerHeight / 2 && e.scrollIntoView({ block: 'start' }));
    const file = path.join(SCREENSHOT_DIR, `${name}-${size.width}.png`);
    await page.screenshot({ path: file });
    files.push(file);
  }
  await page.setViewportSize(WIDTHS.desktop);
  return files;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/** A violation axe reports inside a third-party component, on the elements `selector` matches, that the page cannot change. */
export interface KnownViolation {
  id: string;
  selector: string;
  why: string;
}

/** axe-core's serious and critical violations on the page as it is now, less the known ones. */
export async function seriousViolations(page: Page, known: readonly KnownViolation[] = []): Promise<AxeViolation[]> {
  return page.evaluate(async (known) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    const isKnown = (id: string, target: string[]) => {
      const element = target.length === 1 ? document.querySelector(target[0]) : null;
      return !!element && known.some((k) => k.id === id && element.matches(k.selector));
    };
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.filter((n) => !isKnown(v.id, n.target)).map((n) => ({ target: n.target, html: n.html.slice(0, 200) })) }))
      .filter((v) => v.nodes.length > 0);
  }, known);
}
