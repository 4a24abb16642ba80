#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { openServices } from './app.js';
import { tokenRoles, type TokenRole } from './auth/token.table.js';
import { ConfigError, loadConfig } from './config/load.js';
import { responsibilitiesUsage, runResponsibilities } from './program/responsibility.command.js';
import { isEntry } from './entry.js';
import { DomainError } from './errors.js';
import { serve } from './main.js';
import { staffRoles, type StaffRole } from './staff/staff.table.js';
import { weeklyCsv, weeklyStats } from './stats/weekly.js';

const usage = `Usage: mentor-relay <command> [options]

Commands:
  serve                              run the relay (SMTP, HTTP API, outbound worker)
  migrate                            apply pending database migrations
  token create --role admin|reviewer [--label TEXT]
                                     create an API token; it is printed once
  user add --email E --name N --role reviewer|coordinator|admin [--password-file F]
                                     create a staff account for the review page; the password is
                                     asked for (or read from the file, or from standard input)
  pair add --mentor-email E --mentor-name N --protege-email E --protege-name N
                                     create a pair (and its two people when needed); prints the alias
  stats weekly [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--by pair] [--format csv|json]
                                     weekly exchange counts
  ${responsibilitiesUsage}
                                     the responsibility matrix: list the tasks, give one to an
                                     organization and a person of it, unassign it, mail the sheet

Configuration: config/*.json and the RELAY_* environment variables (see README.md).`;

/** Asks for a password on the terminal without echoing it, twice; or reads one line from piped input. */
async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    throw new UsageError('no password given: type it when asked, pipe it in, or use --password-file');
  }
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
      out._writeToOutput = (s: string) => {
        if (s.startsWith(prompt)) out.output.write(prompt); // echo the prompt, never the typed characters
      };
      rl.question(prompt, (answer) => {
        rl.close();
        process.stdout.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('Password: ');
  if (first !== (await ask('Password again: '))) throw new UsageError('the two passwords differ');
  return first;
}

/** A wrong command line: printed with the usage, exit status 2. */
class UsageError extends Error {}

function need(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`missing --${name}`);
  return v.trim();
}

async function withServices<T>(fn: (s: Awaited<ReturnType<typeof openServices>>['services']) => Promise<T>): Promise<T> {
  const { handle, services } = await openServices(loadConfig());
  try {
    return await fn(services);
  } finally {
    await handle.close();
  }
}

export async function runCli(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(usage);
    return command ? 0 : 2;
  }
  try {
    switch (command) {
      case 'serve':
        await serve();
        return -1; // keeps running
      case 'migrate': {
        const { handle } = await openServices(loadConfig());
        await handle.close();
        console.log('database is up to date');
        return 0;
      }
      case 'token': {
        if (sub !== 'create') throw new UsageError(`unknown token command ${JSON.stringify(sub ?? '')}; try: token create --role admin`);
        const { values } = parseArgs({ args: rest, options: { role: { type: 'string' }, label: { type: 'string' } }, strict: true });
        const role = need(values, 'role');
        if (!tokenRoles.includes(role as TokenRole)) throw new UsageError(`--role must be one of ${tokenRoles.join(', ')} (got ${JSON.stringify(role)})`);
        const { token } = await withServices((s) => s.tokens.create(role as TokenRole, values.label ?? null));
        console.log(token);
        console.error(`created ${role === 'admin' ? 'an' : 'a'} ${role} token; it is shown only this once: keep it somewhere safe`);
        return 0;
      }
      case 'user': {
        if (sub !== 'add') throw new UsageError(`unknown user command ${JSON.stringify(sub ?? '')}; try: user add --email ... --name ... --role reviewer`);
        const { values } = parseArgs({
          args: rest,
          options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, 'password-file': { type: 'string' } },
          strict: true,
        });
        const email = need(values, 'email');
        const name = need(values, 'name');
        const role = need(values, 'role');
        if (!staffRoles.includes(role as StaffRole)) throw new UsageError(`--role must be one of ${staffRoles.join(', ')} (got ${JSON.stringify(role)})`);
        const password = values['password-file'] ? readFileSync(values['password-file'], 'utf8').replace(/\r?\n$/, '') : await askPassword();
        const user = await withServices((s) => s.staff.create({ email, name, role: role as StaffRole, password }));
        console.log(`created ${user.role} ${user.name} <${user.email}>: they can log in at /login`);
        return 0;
      }
      case 'pair': {
        if (sub !== 'add') throw new UsageError(`unknown pair command ${JSON.stringify(sub ?? '')}; try: pair add --mentor-email ...`);
        const { values } = parseArgs({
          args: rest,
          options: { 'mentor-email': { type: 'string' }, 'mentor-name': { type: 'string' }, 'protege-email': { type: 'string' }, 'protege-name': { type: 'string' } },
          strict: true,
        });
        const mentorEmail = need(values, 'mentor-email');
        const protegeEmail = need(values, 'protege-email');
        const pair = await withServices(async ({ program }) => {
          const mentor = (await program.findPersonByEmail(mentorEmail)) ?? (await program.createPerson({ name: need(values, 'mentor-name'), email: mentorEmail, role: 'mentor' }));
          const protege =
            (await program.findPersonByEmail(protegeEmail)) ?? (await program.createPerson({ name: need(values, 'protege-name'), email: protegeEmail, role: 'protege' }));
          return program.createPair({ mentorId: mentor.id, protegeId: protege.id });
        });
        console.log(pair.alias);
        console.error(`pair ${pair.id} is ${pair.status}: both participants can now write to ${pair.alias}`);
        return 0;
      }
      case 'stats': {
        if (sub !== 'weekly') throw new UsageError(`unknown stats command ${JSON.stringify(sub ?? '')}; try: stats weekly`);
        const { values } = parseArgs({
          args: rest,
          options: { from: { type: 'string' }, to: { type: 'string' }, by: { type: 'string' }, format: { type: 'string' } },
          strict: true,
        });
        if (values.by !== undefined && values.by !== 'pair') throw new UsageError(`--by takes only "pair" (got ${JSON.stringify(values.by)})`);
        const format = values.format ?? 'csv';
        if (format !== 'csv' && format !== 'json') throw new UsageError(`--format must be csv or json (got ${JSON.stringify(format)})`);
        const byPair = values.by === 'pair';
        const rows = await withServices(({ db, config }) =>
          weeklyStats(db, { from: values.from, to: values.to, byPair, timeZone: config.timeZone, domain: config.domain, now: Date.now() }),
        );
        if (format === 'json') console.log(JSON.stringify({ rows }, null, 2));
        else process.stdout.write(weeklyCsv(rows, byPair));
        return 0;
      }
      case 'responsibilities': {
        console.log(await withServices((s) => runResponsibilities(s, sub === undefined ? [] : [sub, ...rest], (m) => new UsageError(m))));
        return 0;
      }
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`mentor-relay: ${(err as Error).message}\n\n${usage}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      console.error(`mentor-relay: configuration error: ${err.message}`);
      return 78;
    }
    if (err instanceof DomainError) {
      console.error(`mentor-relay: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

if (isEntry(import.meta.url)) {
  const code = await runCli(process.argv.slice(2));
  if (code >= 0) process.exitCode = code;
}
