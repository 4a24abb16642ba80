import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Services } from './http/plugins/app/services.js';
import { IngestService } from './messages/ingest.service.js';
import type { PersonRole } from './program/program.table.js';
import { conflict } from './errors.js';

/**
 * A ready program for trying the relay: two organizations, their staff, four pairs (one waiting for onboarding), the
 * responsibility matrix partly assigned and a few held messages. Running it again changes
 * nothing but the demo accounts' passwords and a new API token, so the README's "Try it" can be
 * run as many times as one likes. It refuses a database that holds another program.
 */

const school = { name: 'Riverside High School', kind: 'school' };
const company = { name: 'Northwind Engineering', kind: 'company' };

interface DemoPerson {
  name: string;
  email: string;
  role: PersonRole;
  org: typeof school | typeof company;
}

const people = {
  dana: { name: 'Dana Okafor', email: 'dana.okafor@riverside-high.example', role: 'staff', org: school },
  lee: { name: 'Lee Martin', email: 'lee.martin@northwind.example', role: 'staff', org: company },
  morgan: { name: 'Morgan Mentor', email: 'morgan@northwind.example', role: 'mentor', org: company },
  sam: { name: 'Sam Rivera', email: 'sam.rivera@northwind.example', role: 'mentor', org: company },
  alex: { name: 'Alex Chen', email: 'alex.chen@northwind.example', role: 'mentor', org: company },
  pat: { name: 'Pat Protege', email: 'pat@riverside-high.example', role: 'protege', org: school },
  jordan: { name: 'Jordan Lee', email: 'jordan.lee@riverside-high.example', role: 'protege', org: school },
  casey: { name: 'Casey Brooks', email: 'casey.brooks@riverside-high.example', role: 'protege', org: school },
  riley: { name: 'Riley Park', email: 'riley.park@northwind.example', role: 'mentor', org: company },
  taylor: { name: 'Taylor Kim', email: 'taylor.kim@riverside-high.example', role: 'protege', org: school },
} satisfies Record<string, DemoPerson>;

type Key = keyof typeof people;

const pairs: [Key, Key][] = [
  ['morgan', 'pat'],
  ['sam', 'jordan'],
  ['alex', 'casey'],
  ['riley', 'taylor'],
];

const DAY = 86_400_000;

/** Each protégé's parent, who signs the permission slip. */
const parents: Partial<Record<Key, { name: string; email: string; relationship: string }>> = {
  pat: { name: 'Robin Protege', email: 'robin.protege@home.example', relationship: 'mother' },
  jordan: { name: 'Chris Lee', email: 'chris.lee@home.example', relationship: 'father' },
  casey: { name: 'Morgan Brooks', email: 'm.brooks@home.example', relationship: 'guardian' },
  taylor: { name: 'Jamie Kim', email: 'jamie.kim@home.example', relationship: 'mother' },
};

/**
 * How far each person got in onboarding: the first three pairs' people are through it (their pairs
 * are open), Riley waits for a background check and Taylor for parental permission, so their pair is
 * pending until a coordinator records the rest.
 */
const onboarding: Record<Key, string[]> = {
  dana: [],
  lee: [],
  morgan: ['applied', 'application-reviewed', 'background-check', 'approved', 'notified', 'oriented'],
  sam: ['applied', 'application-reviewed', 'background-check', 'approved', 'notified', 'oriented'],
  alex: ['applied', 'application-reviewed', 'background-check', 'approved', 'notified', 'oriented'],
  pat: ['enrolled', 'eligibility-reviewed', 'parental-permission', 'approved', 'oriented'],
  jordan: ['enrolled', 'eligibility-reviewed', 'parental-permission', 'approved', 'oriented'],
  casey: ['enrolled', 'eligibility-reviewed', 'parental-permission', 'approved', 'oriented'],
  riley: ['applied', 'application-reviewed'],
  taylor: ['enrolled', 'eligibility-reviewed'],
};

/** The first message of each pair, from the side that writes first; two of them give screening something to flag. */
const messages: { from: Key; subject: string; text: string }[] = [
  { from: 'morgan', subject: 'Hello Pat', text: 'Hi Pat,\n\nLooking forward to our first chat! What would you like to talk about?\n\nMorgan' },
  { from: 'jordan', subject: 'my project', text: 'Hi Sam, can you help me with my science project? You can call me at 415-555-0134 after 5.\n\nJordan' },
  { from: 'alex', subject: 'next week', text: "Casey, it's easier on WhatsApp, text me instead and don't tell your parents about it.\n\nAlex" },
];

/** Tasks of the default matrix assigned in the demo (matched by their beginning), to whom. */
const assignments: [string, Key][] = [
  ['recruiting mentors', 'lee'],
  ['performing background checks', 'lee'],
  ['approving potential mentors', 'lee'],
  ['orienting accepted mentors', 'lee'],
  ['approving each proteg', 'dana'],
  ['orienting proteg', 'dana'],
  ['communicating regularly with parents', 'dana'],
  ['reviewing (and, if appropriate, approving', 'dana'],
];

export const demoAccounts = [
  { email: 'dana.okafor@riverside-high.example', name: 'Dana Okafor', role: 'coordinator' as const },
  { email: 'rita.reviewer@riverside-high.example', name: 'Rita Reviewer', role: 'reviewer' as const },
];

export interface DemoResult {
  created: boolean;
  token: string;
  accounts: { email: string; name: string; role: string; password: string }[];
  pairs: { alias: string; status: string; mentor: string; protege: string }[];
  held: number;
}

const newPassword = () => randomBytes(9).toString('base64url');

export async function runDemo(s: Services): Promise<DemoResult> {
  const orgs = await s.program.listOrganizations();
  const foreign = orgs.filter((o) => o.name !== school.name && o.name !== company.name);
  if (foreign.length > 0) {
    throw conflict(`this database already holds a program (${foreign[0]!.name}); run the demo on a database of its own, e.g. RELAY_DB=data/demo.db`);
  }
  const created = orgs.length === 0;
  const orgId = new Map<string, number>();
  for (const o of [school, company]) orgId.set(o.name, orgs.find((x) => x.name === o.name)?.id ?? (await s.program.createOrganization(o)).id);

  const personId = new Map<Key, number>();
  for (const [key, p] of Object.entries(people) as [Key, DemoPerson][]) {
    const known = await s.program.findPersonByEmail(p.email);
    personId.set(key, known?.id ?? (await s.program.createPerson({ name: p.name, email: p.email, role: p.role, organizationId: orgId.get(p.org.name)! })).id);
  }

  // Onboarding first, so the pairs made below open at once (or wait, for Riley and Taylor). A person
  // who has steps already is left as a coordinator trying the pages made them.
  for (const [key, steps] of Object.entries(onboarding) as [Key, string[]][]) {
    const id = personId.get(key)!;
    if (steps.length === 0 || (await s.onboarding.get(id)).steps.some((x) => x.status !== 'pending')) continue;
    const parent = parents[key];
    const guardian = parent && ((await s.guardians.list(id))[0] ?? (await s.guardians.add(id, parent, 'demo')));
    for (const [i, step] of steps.entries()) {
      const at = new Date(s.clock.now() - (steps.length - i) * DAY).toISOString();
      const cleared = step === 'background-check';
      await s.onboarding.record(
        id,
        {
          step,
          status: cleared ? 'cleared' : 'done',
          at,
          ...(cleared ? { expiresAt: new Date(s.clock.now() + 365 * DAY).toISOString() } : {}),
          ...(step === 'parental-permission' && guardian ? { guardianId: guardian.id, note: 'permission slip signed' } : {}),
        },
        'demo',
      );
    }
  }

  const existing = await s.program.listPairs();
  const shown: DemoResult['pairs'] = [];
  // The messages go through ingest, as if sent over SMTP: archived byte-exact and held; the running
  // relay's screening reads them (or the next start's). Only a pair made now gets its message.
  const ingest = new IngestService(s.db, s.clock, s.config.domain);
  for (const [i, [mentor, protege]] of pairs.entries()) {
    const mentorId = personId.get(mentor)!;
    const protegeId = personId.get(protege)!;
    // The demo's pair as it is: open, paused, or closed by someone trying the pages (a closed pair never reopens).
    const theirs = existing.filter((x) => x.mentorId === mentorId && x.protegeId === protegeId);
    let pair = theirs.find((x) => x.status !== 'closed') ?? theirs.at(-1);
    pair ??= await s.program.createPair({ mentorId, protegeId });
    shown.push({ alias: pair.alias, status: pair.status, mentor: `${people[mentor].name} <${people[mentor].email}>`, protege: `${people[protege].name} <${people[protege].email}>` });
    const m = messages[i];
    if (!m || existing.some((x) => x.id === pair.id)) continue;
    const raw = await new MailComposer({ from: `${people[m.from].name} <${people[m.from].email}>`, to: pair.alias, subject: m.subject, text: m.text, date: new Date(s.clock.now()) })
      .compile()
      .build();
    await ingest.accept({ mailFrom: people[m.from].email, recipients: [pair.alias], remoteAddress: '127.0.0.1', helo: 'demo' }, { parts: [raw], size: raw.length });
  }

  // Part of the matrix: the demo's two staff people take the tasks of their side; the rest is left for the coordinator.
  const tasks = await s.responsibilities.list();
  for (const [start, who] of assignments) {
    const task = tasks.find((t) => t.task.toLowerCase().startsWith(start.toLowerCase()));
    if (task && task.organizationId === null) {
      await s.responsibilities.assign(task.id, { organizationId: orgId.get(people[who].org.name)!, personId: personId.get(who)! }, 'demo');
    }
  }

  const accounts: DemoResult['accounts'] = [];
  for (const a of demoAccounts) {
    const password = newPassword();
    await s.staff.createOrResetPassword({ ...a, password });
    accounts.push({ ...a, password });
  }
  const { token } = await s.tokens.create('admin', 'demo');
  const held = (await s.messages.queueSummary()).waiting;
  return { created, token, accounts, pairs: shown, held };
}

/** What `mentor-relay demo` prints: where to log in, with what, and the aliases to write to. */
export function describeDemo(r: DemoResult, httpUrl: string): string {
  const width = Math.max(...r.accounts.map((a) => a.email.length));
  return [
    r.created ? 'The demo program is ready.' : 'The demo program was already here; the demo accounts have new passwords.',
    '',
    `Review and program pages: ${httpUrl}/login`,
    ...r.accounts.map((a) => `  ${a.role.padEnd(11)} ${a.email.padEnd(width)}  password ${a.password}`),
    `The coordinators' dashboard, this week at a glance: ${httpUrl}/program/dashboard`,
    '',
    `API token (admin): ${r.token}`,
    '',
    'Pairs (write to the alias from either address):',
    ...r.pairs.map((p) => `  ${p.alias}${p.status === 'active' ? '' : p.status === 'pending' ? ' (pending: it opens when both finish onboarding)' : ` (${p.status}: it refuses mail)`}\n      ${p.mentor}  ↔  ${p.protege}`),
    '',
    `${r.held} message${r.held === 1 ? ' is' : 's are'} held for review.`,
  ].join('\n');
}

/** The same, as shell assignments for `eval "$(mentor-relay demo --env)"`. */
export function demoEnv(r: DemoResult): string {
  const q = (v: string) => `'${v.replaceAll("'", "'\\''")}'`;
  return [
    `TOKEN=${q(r.token)}`,
    `ALIAS=${q(r.pairs[0]!.alias)}`,
    `COORDINATOR_EMAIL=${q(r.accounts[0]!.email)}`,
    `COORDINATOR_PASSWORD=${q(r.accounts[0]!.password)}`,
    `REVIEWER_EMAIL=${q(r.accounts[1]!.email)}`,
    `REVIEWER_PASSWORD=${q(r.accounts[1]!.password)}`,
  ].join('\n');
}
