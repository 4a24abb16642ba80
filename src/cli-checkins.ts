import { parseArgs } from 'node:util';
import type { Services } from './http/plugins/app/services.js';
import type { CheckIn } from './program/communication.service.js';

/** The command line's part of `mentor-relay checkins …`; `usage` makes the error for a wrong command line. */
export const checkinsUsage = 'checkins [--overdue] [--json]';

const day = (iso: string) => iso.slice(0, 10);
const roleLabel = { mentor: 'mentor', protege: 'protégé' } as const;

/** One line per person: name, role, last check-in, when the next is due, who is responsible. */
function describe(items: CheckIn[], now: number): string {
  const width = Math.max(...items.map((c) => c.name.length));
  return items
    .map((c) => {
      const last = c.lastCheckInAt ? day(c.lastCheckInAt) : 'never';
      const due = `due ${day(c.dueAt)}${Date.parse(c.dueAt) <= now ? ' (overdue)' : ''}`;
      return [c.name.padEnd(width), roleLabel[c.role].padEnd(7), `last check-in ${last.padEnd(10)}`, due, `responsible: ${c.responsibleName ?? 'nobody'}`].join('  ');
    })
    .join('\n');
}

/** Runs `checkins`; resolves to what it prints (a JSON array with --json). */
export async function runCheckins(s: Services, args: string[], usage: (message: string) => Error): Promise<string> {
  const { values, positionals } = parseArgs({ args, options: { overdue: { type: 'boolean' }, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (positionals.length > 0) throw usage(`checkins takes no arguments (got ${JSON.stringify(positionals.join(' '))})`);
  const overdue = values.overdue ?? false;
  const items = await s.communications.checkIns({ overdue });
  if (values.json) return JSON.stringify(items, null, 2);
  if (items.length === 0) return overdue ? 'No check-ins are overdue.' : 'No check-ins are due: no mentor or protégé is in an active or paused pair.';
  return describe(items, s.clock.now());
}
