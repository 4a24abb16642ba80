import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../dist/src/cli.js', import.meta.url));

/** Runs `mentor-relay ARGS` as a real process in `dir`, with its database there. */
export function runCli(dir: string, args: string[], env: Record<string, string> = {}, input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH, RELAY_DB: path.join(dir, 'relay.db'), RELAY_DOMAIN: 'relay.test', ...env },
    encoding: 'utf8',
    timeout: 30_000,
    input,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
