#!/usr/bin/env node
// `npm start` and the single-service scripts: the precompiled services
// (dist/, bin/bundle.mjs) and web pages, rebuilt first when a source changed.
import { buildAll } from './bundle.mjs';

await buildAll({ quiet: true });
await import('../dist/start.mjs');
