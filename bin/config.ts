/** Settings only the one-process mesh (`npm start`) reads; each service reads its own table. */
import { readConfig, type ConfigOf, type Setting } from '../platform/config.ts';

function portsByName(env: string, doc: string): Setting<Record<string, number>> {
  return {
    env,
    default: undefined,
    doc,
    parse(raw) {
      const out: Record<string, number> = {};
      for (const pair of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
        const [name, value] = pair.split('=');
        const port = Number(value);
        if (!name || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`expected name=port pairs, e.g. sales=5001,marketing=5002; got "${pair}"`);
        out[name.trim()] = port;
      }
      return out;
    },
  };
}

export const launcherSettings = {
  subgraphPorts: portsByName('SUBGRAPH_PORTS', 'Ports of the subgraphs `npm start` runs, as name=port pairs, e.g. sales=5001,marketing=5002. Default: each domain\'s own (4001–4006).'),
};

export type LauncherConfig = ConfigOf<typeof launcherSettings>;

export const readLauncherConfig = (env: NodeJS.ProcessEnv = process.env): LauncherConfig => readConfig(launcherSettings, env);
