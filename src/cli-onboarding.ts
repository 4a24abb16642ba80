import { parseArgs } from 'node:util';
import { cliActor } from './cli-io.js';
import { unprocessable } from './errors.js';
import type { Services } from './http/plugins/app/services.js';
import type { Pipeline } from './program/onboarding.service.js';
import { onboardingStatuses, type OnboardingStatus } from './program/onboarding.table.js';

/** The command line's part of `mentor-relay onboarding …`; `usage` makes the error for a wrong command line. */
export const onboardingUsage = `onboarding record PERSON STEP [--status S] [--at ISO] [--note N] [--expires ISO]
  onboarding show PERSON`;

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '');

/** A pipeline as lines: the person, whether complete, then each step with its latest attempt. */
function describe(name: string, p: Pipeline): string {
  const head = `${name} (${p.role} ${p.personId}): ${p.complete ? 'complete' : 'not complete'}`;
  const width = Math.max(...p.steps.map((s) => s.step.length));
  const rows = p.steps.map((s) => {
    const parts = [s.step.padEnd(width), s.status.padEnd(7), day(s.at), s.expiresAt ? `expires ${day(s.expiresAt)}` : '', s.actor ?? '', s.note ?? ''];
    return `  ${parts.filter((x, i) => i < 2 || x !== '').join('  ')}`.trimEnd();
  });
  return [head, ...rows].join('\n');
}

/** Runs one subcommand; resolves to what it prints. */
export async function runOnboarding(s: Services, args: string[], usage: (message: string) => Error): Promise<string> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'show': {
      if (rest.length !== 1) throw usage('onboarding show takes one PERSON (an ID or an address)');
      const id = await personOf(s, rest[0]!);
      return describe((await s.program.getPerson(id)).name, await s.onboarding.get(id));
    }
    case 'record': {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { status: { type: 'string' }, at: { type: 'string' }, note: { type: 'string' }, expires: { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length !== 2) throw usage('onboarding record takes a PERSON (an ID or an address) and a STEP');
      const [who, step] = positionals as [string, string];
      // A background check is cleared or failed; every other step done or failed.
      const status = values.status ?? (step === 'background-check' ? 'cleared' : 'done');
      if (!onboardingStatuses.includes(status as OnboardingStatus)) throw usage(`--status must be one of ${onboardingStatuses.join(', ')} (got ${JSON.stringify(status)})`);
      const id = await personOf(s, who);
      const pipeline = await s.onboarding.record(
        id,
        { step, status: status as OnboardingStatus, at: instant(values.at, '--at', usage), note: values.note, expiresAt: instant(values.expires, '--expires', usage) },
        cliActor(),
      );
      return describe((await s.program.getPerson(id)).name, pipeline);
    }
    default:
      throw usage(`unknown onboarding command ${JSON.stringify(sub ?? '')}; try: onboarding show PERSON`);
  }
}

/** An ISO date or date and time, as the API's ISO 8601 instant (a date alone is midnight UTC). */
function instant(v: string | undefined, option: string, usage: (message: string) => Error): string | undefined {
  if (v === undefined) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(v) ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(ms)) throw usage(`${option} must be an ISO date or date and time, e.g. 2027-06-30 (got ${JSON.stringify(v)})`);
  return new Date(ms).toISOString();
}

async function personOf(s: Services, v: string): Promise<number> {
  if (/^\d+$/.test(v)) return Number(v);
  const person = await s.program.findPersonByEmail(v.trim());
  if (!person) throw unprocessable('personId', `no person with the address ${JSON.stringify(v)}`);
  return person.id;
}
