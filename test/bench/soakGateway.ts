/**
 * Child process for the soak: this gateway as dpgGateway.ts starts it, which
 * also collects garbage on SIGUSR2 (run with --expose-gc), so the soak reads
 * the heap that is still in use rather than wherever the collector happens to be.
 */
const gc = (globalThis as { gc?: () => void }).gc;
process.on('SIGUSR2', () => gc?.());
await import('./dpgGateway.ts');
