/**
 * A private, throw-away redis-server on a free port, for tests that stop and
 * restart Redis under a running service. The shared server (6379) is never
 * touched. Nothing is persisted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { Redis } from 'ioredis';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export interface PrivateRedis {
  port: number;
  url: string;
  readonly running: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A redis-server bound to `port` (a free one by default); not started until `start()`. */
export async function privateRedis(port?: number, extraArgs: string[] = []): Promise<PrivateRedis> {
  const p = port ?? (await freePort());
  const url = `redis://127.0.0.1:${p}`;
  let child: ChildProcess | undefined;
  return {
    port: p,
    url,
    get running() {
      return child !== undefined;
    },
    async start() {
      if (child) return;
      child = spawn('redis-server', ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs], { stdio: 'ignore' });
      const deadline = Date.now() + 10_000;
      while (!(await answers(url))) {
        if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${p}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      const c = child;
      if (!c) return;
      child = undefined;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    },
  };
}
