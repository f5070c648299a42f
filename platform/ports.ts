/**
 * Whether the ports a service is about to listen on are free, asked before
 * it opens any database: a second `npm start` on a busy port then stops
 * without having touched anything, and says which service wanted the port
 * and what to do.
 */
import net from 'node:net';

export interface WantedPort {
  port: number;
  host: string;
  /** Who wants it, e.g. "registry" or "subgraph sales". */
  service: string;
  /** How to move it, e.g. "set REGISTRY_PORT". */
  remedy: string;
}

export class PortInUseError extends Error {
  constructor(readonly busy: readonly (WantedPort & { code: string })[]) {
    super(
      busy
        .map((p) =>
          p.code === 'EADDRINUSE'
            ? `port ${p.port} (${p.service}) is already in use on ${p.host}, probably by another \`npm start\`: stop that, or ${p.remedy} to a free port`
            : `port ${p.port} (${p.service}) cannot be opened on ${p.host} (${p.code}): ${p.remedy} to another port`,
        )
        .join('\n'),
    );
    this.name = 'PortInUseError';
  }
}

function probe(port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/** Throws PortInUseError naming every wanted port that cannot be listened on; port 0 (any free port) always can. */
export async function assertPortsFree(wanted: readonly WantedPort[]): Promise<void> {
  const busy: (WantedPort & { code: string })[] = [];
  for (const w of wanted) {
    if (w.port === 0) continue;
    const code = await probe(w.port, w.host);
    if (code) busy.push({ ...w, code });
  }
  if (busy.length) throw new PortInUseError(busy);
}
