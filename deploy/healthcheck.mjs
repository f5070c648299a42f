#!/usr/bin/env node
// Container healthcheck: exit 0 when the URL answers 2xx within two seconds
// (a gateway's /ready answers 200 when ready or degraded, 503 while starting).
// The service images carry node but no curl or wget.
//   node deploy/healthcheck.mjs http://127.0.0.1:4000/ready
const url = process.argv[2];
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
