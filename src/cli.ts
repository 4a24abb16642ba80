#!/usr/bin/env node
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { openServices } from './app.js';
import { checkinsUsage, runCheckins } from './cli-checkins.js';
import { importFile } from './cli-import.js';
import { tokenRoles, type TokenRole } from './auth/token.table.js';
import { ConfigError, loadConfig } from './config/load.js';
import { onboardingUsage, runOnboarding } from './cli-onboarding.js';
import { responsibilitiesUsage, runResponsibilities } from './cli-responsibilities.js';
import { isEntry } from './entry.js';
import { CliError, readInput, terminalSafe } from './cli-io.js';
import { demoEnv, describeDemo, runDemo } from './demo.js';
import { DomainError } from './errors.js';
import { serve } from './main.js';
import { staffRoles, type StaffRole } from './staff/staff.table.js';
import { reportText, weeklyReport } from './stats/report.js';
import { weeklyCsv, weeklyStats } from './stats/weekly.js';
import { describeMissing } from './program/pair-readiness.js';

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
  demo [--env]                       fill the database with a demo program (two organizations,
                                     staff, four pairs, held messages) and print the logins;
                                     safe to run again; --env also prints TOKEN=, ALIAS=...
                                     for eval "$(mentor-relay demo --env)"
  import people|pairs FILE.csv [--dry-run]
                                     import people (name,email,role,organization) or pairs
                                     (mentor_email,protege_email) from a spreadsheet saved as CSV;
                                     --dry-run checks every row and writes nothing
  stats weekly [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--by pair|organization] [--format csv|json]
                                     weekly exchange counts
  report weekly [--week 2026-W48|last] [--format text|json|csv]
                                     one week of the program for a coordinator (for cron, --week
                                     last: the week that ended): pairs,
                                     messages, review timeliness, the pairs to nudge, recruiting,
                                     orientation, contacts, check-ins, the matrix's gaps; csv
                                     gives the week's by-pair rows; default: this week, text
  ${responsibilitiesUsage}
                                     the responsibility matrix: list the tasks, give one to an
                                     organization and a person of it, unassign it, mail the sheet
  ${onboardingUsage}
                                     a mentor's or protégé's onboarding: record a step (status done
                                     by default, cleared for a background check, which needs
                                     --expires), or show every step and whether they are complete
  ${checkinsUsage}
                                     the staff check-ins due with each mentor and protégé of an
                                     active or paused pair (every program.checkInDays days): the
                                     last one, the next due date, who is responsible; --overdue
                                     only those past due; --json as a JSON array

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
  if (first !== (await ask('Password again: '))) throw new CliError('the two passwords differ; nothing was created');
  return first;
}

/** A wrong command line: printed with that command's usage, exit status 2. */
class UsageError extends Error {}

/** The usage lines of one command (with their indented explanation), or a pointer to `help`. */
function usageOf(command: string | undefined): string {
  const lines = usage.split('\n');
  const start = lines.findIndex((l) => command && l.startsWith(`  ${command} `));
  if (start < 0) return 'Run `mentor-relay help` to see every command.';
  const block = [lines[start]!];
  for (const l of lines.slice(start + 1)) {
    if (!/^ {10,}\S/.test(l) && !l.startsWith(`  ${command} `)) break;
    block.push(l);
  }
  return `Usage:\n${block.join('\n')}`;
}

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
        const password = values['password-file'] ? readInput(values['password-file'], '--password-file').toString('utf8').replace(/\r?\n$/, '') : await askPassword();
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
        const mentor = { email: need(values, 'mentor-email'), name: values['mentor-name'] };
        const protege = { email: need(values, 'protege-email'), name: values['protege-name'] };
        // One transaction: a refused pair (wrong role, already paired) leaves no new person behind.
        const pair = await withServices(({ program }) =>
          program.createPairByEmail(mentor, protege).catch((err: unknown) => {
            // The service names its field; on the command line it is an option.
            const option = err instanceof DomainError && ({ mentorName: '--mentor-name', protegeName: '--protege-name' } as Record<string, string>)[err.field ?? ''];
            if (option) throw new UsageError(`missing ${option}: ${err.message.replace(/^\w+: /, '')}`);
            throw err;
          }),
        );
        console.log(pair.alias);
        console.error(
          pair.status === 'pending'
            ? `pair ${pair.id} is pending: it opens by itself when both participants have completed onboarding (still missing: ${describeMissing(pair.missing ?? [])}); see mentor-relay onboarding show`
            : `pair ${pair.id} is ${pair.status}: both participants can now write to ${pair.alias}`,
        );
        return 0;
      }
      case 'demo': {
        const { values } = parseArgs({ args: argv.slice(1), options: { env: { type: 'boolean' } }, strict: true });
        const { result, url } = await withServices(async (s) => ({
          result: await runDemo(s),
          url: s.config.review.publicUrl?.replace(/\/$/, '') ?? `http://${s.config.http.host}:${s.config.http.port}`,
        }));
        // --env: the assignments on standard output for eval, what a person reads on standard error.
        if (values.env) console.log(demoEnv(result));
        (values.env ? console.error : console.log)(describeDemo(result, url));
        return 0;
      }
      case 'import': {
        if (sub !== 'people' && sub !== 'pairs') throw new UsageError(`import takes people or pairs (got ${JSON.stringify(sub ?? '')}); try: import people FILE.csv --dry-run`);
        const { values, positionals } = parseArgs({ args: rest, options: { 'dry-run': { type: 'boolean' } }, allowPositionals: true, strict: true });
        if (positionals.length !== 1) throw new UsageError(`import ${sub} takes one file (got ${positionals.length})`);
        return await importFile(withServices, sub, positionals[0]!, values['dry-run'] ?? false);
      }
      case 'stats': {
        if (sub !== 'weekly') throw new UsageError(`unknown stats command ${JSON.stringify(sub ?? '')}; try: stats weekly`);
        const { values } = parseArgs({
          args: rest,
          options: { from: { type: 'string' }, to: { type: 'string' }, by: { type: 'string' }, format: { type: 'string' } },
          strict: true,
        });
        if (values.by !== undefined && values.by !== 'pair' && values.by !== 'organization') throw new UsageError(`--by takes pair or organization (got ${JSON.stringify(values.by)})`);
        const format = values.format ?? 'csv';
        if (format !== 'csv' && format !== 'json') throw new UsageError(`--format must be csv or json (got ${JSON.stringify(format)})`);
        const by = values.by ?? 'program';
        const rows = await withServices(({ db, config }) =>
          weeklyStats(db, { from: values.from, to: values.to, by, timeZone: config.timeZone, domain: config.domain, now: Date.now() }),
        );
        if (format === 'json') console.log(JSON.stringify({ rows }, null, 2));
        else process.stdout.write(weeklyCsv(rows, by));
        return 0;
      }
      case 'report': {
        if (sub !== 'weekly') throw new UsageError(sub === undefined ? 'report takes weekly; try: report weekly --week last' : `unknown report ${JSON.stringify(sub)}; try: report weekly --week last`);
        const { values } = parseArgs({ args: rest, options: { week: { type: 'string' }, format: { type: 'string' } }, strict: true });
        const format = values.format ?? 'text';
        if (format !== 'csv' && format !== 'json' && format !== 'text') throw new UsageError(`--format must be csv, json or text (got ${JSON.stringify(format)})`);
        const report = await withServices(({ db, config, communications }) =>
          weeklyReport(db, communications, { week: values.week, timeZone: config.timeZone, domain: config.domain, programName: config.programName, now: Date.now() }).then((r) => ({ r, timeZone: config.timeZone })),
        );
        if (format === 'json') console.log(JSON.stringify(report.r, null, 2));
        else if (format === 'csv') process.stdout.write(weeklyCsv(report.r.pairs, 'pair'));
        else process.stdout.write(terminalSafe(reportText(report.r, report.timeZone)));
        return 0;
      }
      case 'onboarding': {
        console.log(terminalSafe(await withServices((s) => runOnboarding(s, sub === undefined ? [] : [sub, ...rest], (m) => new UsageError(m)))));
        return 0;
      }
      case 'checkins': {
        console.log(terminalSafe(await withServices((s) => runCheckins(s, sub === undefined ? [] : [sub, ...rest], (m) => new UsageError(m)))));
        return 0;
      }
      case 'responsibilities': {
        console.log(terminalSafe(await withServices((s) => runResponsibilities(s, sub === undefined ? [] : [sub, ...rest], (m) => new UsageError(m)))));
        return 0;
      }
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`mentor-relay: ${(err as Error).message}\n\n${usageOf(command)}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      console.error(`mentor-relay: configuration error: ${err.message}`);
      return 78;
    }
    if (err instanceof DomainError || err instanceof CliError) {
      console.error(`mentor-relay: ${terminalSafe(err.message)}`);
      return 1;
    }
    // Anything else (a database another program locked, a disk full): one line, not a stack;
    // RELAY_LOG_LEVEL=debug shows the stack for a bug report.
    console.error(`mentor-relay: ${(err as Error).message ?? String(err)}`);
    if (process.env.RELAY_LOG_LEVEL === 'debug' || process.env.RELAY_LOG_LEVEL === 'trace') console.error((err as Error).stack);
    return 1;
  }
}

if (isEntry(import.meta.url)) {
  const code = await runCli(process.argv.slice(2));
  if (code >= 0) process.exitCode = code;
}
