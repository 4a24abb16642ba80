import { basename } from 'node:path';
import { cliActor, readInput, terminalSafe } from './cli-io.js';
import type { Services } from './http/plugins/app/services.js';
import type { ImportKind } from './program/import.table.js';
import type { ImportOptions, ImportResult } from './program/import.service.js';
import { plural } from './words.js';


/** "imported 12, skipped 3, 2 errors" (a dry run says what it would do). */
export function importSummary(r: ImportResult, dryRun: boolean): string {
  const errors = plural(r.errors.length, 'error');
  return dryRun ? `dry run, nothing written: would import ${r.imported}, skip ${r.skipped}; ${errors}` : `imported ${r.imported}, skipped ${r.skipped}, ${errors}`;
}

/**
 * A progress bar on standard error for a large file, drawn with carriage returns (no library for
 * one line), only on a terminal: a cron job's log or a test sees nothing of it.
 */
function progressBar(stream: NodeJS.WriteStream): { onProgress: ImportOptions['onProgress']; done: () => void } {
  if (!stream.isTTY) return { onProgress: undefined, done: () => {} };
  let drawn = false;
  return {
    onProgress(phase, done, total) {
      if (total <= 500) return;
      const width = 30;
      const filled = Math.round((done / total) * width);
      stream.write(`\r${phase.padEnd(8)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      drawn = true;
    },
    done: () => drawn && stream.write('\r\x1b[K'),
  };
}

/**
 * `mentor-relay import people|pairs FILE.csv [--dry-run]`: the summary, then each bad row as
 * "line 7, email: ...". Exit status 1 when any row was refused, 0 otherwise.
 */
export async function importFile(
  withServices: <T>(fn: (s: Services) => Promise<T>) => Promise<T>,
  kind: ImportKind,
  file: string,
  dryRun: boolean,
): Promise<number> {
  const content = readInput(file);
  const bar = progressBar(process.stderr);
  const result = await withServices(({ imports }) => imports.run(kind, content, { dryRun, onProgress: bar.onProgress, actor: cliActor(), fileName: basename(file) })).finally(bar.done);
  console.log(importSummary(result, dryRun));
  if (result.ignoredColumns.length > 0) console.log(terminalSafe(`ignored columns: ${result.ignoredColumns.join(', ')}`));
  for (const e of result.errors) console.log(terminalSafe(`line ${e.line}, ${e.field}: ${e.message}`));
  return result.errors.length > 0 ? 1 : 0;
}
