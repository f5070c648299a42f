import { PGlite } from '@electric-sql/pglite';
for (const d of ['sales', 'sales', 'marketing', 'marketing']) {
  const t = performance.now();
  const lite = await PGlite.create({ dataDir: `/tmp/dd4/${d}/pglite` });
  const open = performance.now() - t;
  await lite.close();
  console.log(d, open.toFixed(0));
}
