import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirUnusableError } from '../platform/embedded.ts';
import { startMesh } from './mesh.ts';

describe('startMesh on embedded defaults', { timeout: 120_000 }, () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a damaged database with what to do, and leaves the directory as it was', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-mesh-damaged-'));
    dirs.push(dataDir);
    const db = path.join(dataDir, 'mesh', 'pglite');
    fs.mkdirSync(db, { recursive: true });
    fs.writeFileSync(path.join(db, 'PG_VERSION'), 'not a version\n');
    const err = await startMesh({ env: { LOG_LEVEL: 'silent', DATA_DIR: dataDir }, ephemeralPorts: true }).catch((e) => e);
    expect(err).toBeInstanceOf(DataDirUnusableError);
    expect(err.message).toContain(`the embedded database ${db} could not be opened`);
    expect(fs.readdirSync(db)).toEqual(['PG_VERSION']);
  });
});
