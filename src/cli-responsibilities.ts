import { parseArgs } from 'node:util';
import { cliActor } from './cli-io.js';
import { unprocessable } from './errors.js';
import type { Services } from './http/plugins/app/services.js';
import type { Responsibility } from './program/responsibility.service.js';

/** The command line's part of `mentor-relay responsibilities …`; `usage` makes the error for a wrong command line. */
export const responsibilitiesUsage = `responsibilities list
  responsibilities assign ID --organization ID|NAME [--person ID|EMAIL]
  responsibilities unassign ID
  responsibilities send`;

const who = (r: Responsibility) =>
  r.organizationName ? `${r.organizationName}: ${r.personName ? `${r.personName}${r.personEmail ? ` <${r.personEmail}>` : ''}` : 'person not chosen yet'}` : 'UNASSIGNED';

const line = (r: Responsibility) => `${String(r.id).padStart(3)}  ${r.task}${r.retired ? ' (retired)' : ''}\n     ${who(r)}`;

/** Runs one subcommand; resolves to what it prints. */
export async function runResponsibilities(s: Services, args: string[], usage: (message: string) => Error): Promise<string> {
  const [sub, ...rest] = args;
  const actor = cliActor();
  const taskId = (v: string | undefined) => {
    if (!v || !/^\d+$/.test(v)) throw usage(`responsibilities ${sub} needs a task ID (see: responsibilities list)`);
    return Number(v);
  };
  switch (sub) {
    case 'list':
      return (await s.responsibilities.list()).map(line).join('\n');
    case 'assign': {
      const { values, positionals } = parseArgs({ args: rest, options: { organization: { type: 'string' }, person: { type: 'string' } }, allowPositionals: true, strict: true });
      const id = taskId(positionals[0]);
      if (!values.organization) throw usage('missing --organization (an ID or a name)');
      const organizationId = await organizationOf(s, values.organization);
      const personId = values.person ? await personOf(s, values.person) : null;
      return `task ${id}: ${who(await s.responsibilities.assign(id, { organizationId, personId }, actor))}`;
    }
    case 'unassign':
      return `task ${taskId(rest[0])}: ${who(await s.responsibilities.assign(taskId(rest[0]), { organizationId: null, personId: null }, actor))}`;
    case 'send': {
      const send = await s.responsibilities.send(actor);
      return `the sheet is queued for ${send.recipients.length} organizer${send.recipients.length === 1 ? '' : 's'} (${send.recipients.map((r) => r.email).join(', ')}); the running relay mails it`;
    }
    default:
      throw usage(`unknown responsibilities command ${JSON.stringify(sub ?? '')}; try: responsibilities list`);
  }
}

async function organizationOf(s: Services, v: string): Promise<number> {
  if (/^\d+$/.test(v)) return Number(v);
  const named = (await s.program.listOrganizations()).filter((o) => o.name.toLowerCase() === v.trim().toLowerCase());
  if (named.length === 0) throw unprocessable('organizationId', `no organization named ${JSON.stringify(v)}`);
  if (named.length > 1) throw unprocessable('organizationId', `${named.length} organizations are named ${JSON.stringify(v)}: give the ID (${named.map((o) => o.id).join(', ')})`);
  return named[0]!.id;
}

async function personOf(s: Services, v: string): Promise<number> {
  if (/^\d+$/.test(v)) return Number(v);
  const person = await s.program.findPersonByEmail(v.trim());
  if (!person) throw unprocessable('personId', `no person with the address ${JSON.stringify(v)}`);
  return person.id;
}
