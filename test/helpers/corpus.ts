import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's own test messages: the MIME shapes the tests need, written for them. */
export const fixturesDir = fileURLToPath(new URL('../fixtures/mail/', import.meta.url));

/** A corpus folder: every .eml in it, sorted, with its bytes. */
export function corpus(dir: string): { file: string; raw: Buffer }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((file) => ({ file, raw: readFileSync(path.join(dir, file)) }));
}

/**
 * A public corpus named by RELAY_TEST_CORPUS (CI points it at the shared one), or null: the suite never
 * reads outside the project unless a setting says where.
 */
export function extraCorpusDir(): string | null {
  const dir = process.env.RELAY_TEST_CORPUS;
  return dir ? path.resolve(dir) : null;
}
