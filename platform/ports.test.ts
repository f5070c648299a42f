import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { assertPortsFree, PortInUseError } from './ports.ts';

describe('assertPortsFree', () => {
  it('names every busy port with the service that wanted it and how to move it, and leaves free ones alone', async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const taken = (busy.address() as net.AddressInfo).port;
    try {
      const err = await assertPortsFree([
        { port: 0, host: '127.0.0.1', service: 'gateway', remedy: 'set GATEWAY_PORT' },
        { port: taken, host: '127.0.0.1', service: 'registry', remedy: 'set REGISTRY_PORT' },
      ]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PortInUseError);
      expect((err as Error).message).toBe(`port ${taken} (registry) is already in use on 127.0.0.1, probably by another \`npm start\`: stop that, or set REGISTRY_PORT to a free port`);
    } finally {
      await new Promise((r) => busy.close(r));
    }
    // Probing leaves nothing listening behind.
    await assertPortsFree([{ port: taken, host: '127.0.0.1', service: 'registry', remedy: 'set REGISTRY_PORT' }]);
  });
});
