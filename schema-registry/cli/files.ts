/**
 * What a domain team points the CLI at: the schema file, and the data-product
 * descriptor given with --data-product or found beside the schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../../platform/cli.ts';

export interface SchemaFiles {
  sdl: string;
  dataProduct: unknown;
  /** Where the descriptor came from, or null when there is none. */
  descriptorFile: string | null;
}

function read(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

export function readSchemaFiles(cwd: string, schemaFile: string, descriptorOption: string | undefined): SchemaFiles {
  const schemaPath = path.resolve(cwd, schemaFile);
  const sdl = read(schemaPath, 'schema file');
  const beside = path.join(path.dirname(schemaPath), 'data-product.yaml');
  const descriptorFile = descriptorOption ? path.resolve(cwd, descriptorOption) : fs.existsSync(beside) ? beside : null;
  if (!descriptorFile) return { sdl, dataProduct: null, descriptorFile: null };
  try {
    return { sdl, dataProduct: parseYaml(read(descriptorFile, 'data-product file')), descriptorFile };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${descriptorFile} is not valid YAML: ${(err as Error).message}`);
  }
}
