/**
 * Vitest global setup of the integration projects: the precompiled services
 * and CLI (dist/, bin/bundle.mjs) are built from the sources under test
 * before any test runs them, as `npm ci` builds them before a user does. The
 * tests that spawn `dpg` and `npm start` run that bundle, which is what
 * users run; the rest import the sources.
 */
// @ts-expect-error: a plain JavaScript build script, without type declarations
import { buildAll } from '../../bin/bundle.mjs';

export default async function setup(): Promise<void> {
  await buildAll({ quiet: true });
}
