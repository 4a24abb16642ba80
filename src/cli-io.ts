import { readFileSync } from 'node:fs';

/** Something the user can fix that is not the command line (a file that cannot be read): one line, exit status 1. */
export class CliError extends Error {}

const readProblems: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a directory' };

/** A file's bytes, or a CliError saying in one line why it cannot be read ("cannot read --password-file x: no such file"). */
export function readInput(file: string, option?: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new CliError(`cannot read ${option ? `${option} ` : ''}${file}: ${readProblems[e.code ?? ''] ?? e.message}`);
  }
}

/** Who runs a command, for the program's history: the login name (no account database needed). */
export const cliActor = () => `cli (${process.env.USER || process.env.LOGNAME || 'unknown user'})`;

/**
 * Text for the terminal, its control characters shown as \x1b (line breaks kept): a name or a CSV
 * cell holding an escape sequence must not clear the screen or retitle the window.
 */
export const terminalSafe = (text: string) => text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
