#!/usr/bin/env node
// The `dpg` bin: runs the precompiled CLI (dist/, bin/bundle.mjs), rebuilding
// it first when a source changed, so a command starts in a fraction of a second.
import { bundle } from './bundle.mjs';

await bundle({ quiet: true });
await import('../dist/dpg.mjs');
