/** Vitest global setup of the browser project: the pages are built from the sources under test, never served stale. */
import { buildWebAssets } from '../../gateway/web/build.ts';

export default async function setup(): Promise<void> {
  await buildWebAssets();
}
