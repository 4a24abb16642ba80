import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { CheckIn, CommunicationService } from '../program/communication.service.js';
import type { OnboardingStep } from '../program/onboarding.table.js';
import { communicationsByRole, participantsByOrganization, responsibilityCoverage, stepsReachedBetween, stepsReachedBy } from './program.repository.js';
import { reportWeeks } from './weeks.js';

/** How many overdue check-ins a report names (GET /api/checkins?status=overdue has them all). */
const OVERDUE_LISTED = 50;

/** The steps the mentor recruiting funnel counts, and the protégé orientation. */
const funnelSteps = { mentor: ['applied', 'approved', 'oriented'], protege: ['enrolled', 'parental-permission', 'approved', 'oriented'] } as const satisfies Record<string, readonly OnboardingStep[]>;

const field = (step: string) => step.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export interface FunnelRow {
  week: string;
  weekStart: string;
  organizationId: number | null;
  organization: string | null;
  /** People of the organization who completed each step that week (for the first time). */
  [step: string]: string | number | null;
}

/** How many people there are, and how many of them completed each step. */
export interface StepCounts {
  people: number;
  [step: string]: number;
}

export interface ProgramReport {
  /** The first and the last ISO week of the range. */
  fromWeek: string;
  toWeek: string;
  /** Mentors who applied, were approved and were oriented, by week and organization. */
  mentorFunnel: FunnelRow[];
  /** Protégés enrolled, with a parent's permission, approved and oriented, by week and organization. */
  protegeOrientation: FunnelRow[];
  /** Where the program's mentors and protégés stand at the range's end: how many have completed each step. */
  onboarding: { mentors: StepCounts; proteges: StepCounts };
  /** Contacts with mentors, protégés and parents in the range; follow-ups open and overdue now. */
  communications: { role: 'mentor' | 'protege' | 'parent'; contacts: number; checkIns: number; openFollowUps: number; overdueFollowUps: number }[];
  /** The matrix's tasks and those without an owner (no organization, or no person). */
  responsibilities: { tasks: number; covered: number; withoutOwner: { id: number; task: string; organization: string | null; missing: 'organization' | 'person' }[] };
  /** How many mentors and protégés of open pairs have a staff check-in overdue now, and the most overdue of them. */
  checkIns: { overdue: number; people: CheckIn[] };
}

/** The program's results over a range of weeks (the seed's tracking and reporting tasks). */
export async function programReport(
  db: Kysely<Database>,
  communications: CommunicationService,
  options: { from?: string; to?: string; timeZone: string; now: number },
): Promise<ProgramReport> {
  const weeks = reportWeeks(options, options.timeZone, options.now);
  const start = weeks[0]!.startMs;
  const end = Math.min(weeks.at(-1)!.endMs, options.now);
  const [reached, standing, participants, contacts, tasks, overdue] = await Promise.all([
    stepsReachedBetween(db, start, end),
    stepsReachedBy(db, end),
    participantsByOrganization(db),
    communicationsByRole(db, start, end, options.now),
    responsibilityCoverage(db),
    communications.overdueCheckIns(OVERDUE_LISTED),
  ]);

  const count = new Map<string, number>();
  for (const r of reached) {
    const week = weeks.find((w) => Number(r.at) < w.endMs)!;
    const key = `${r.role}:${week.week}:${r.organization_id}:${r.step}`;
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  const funnel = (role: 'mentor' | 'protege'): FunnelRow[] => {
    const organizations = participants.filter((p) => p.role === role).sort((a, b) => (a.organization ?? '\uffff').localeCompare(b.organization ?? '\uffff'));
    return weeks.flatMap((w) =>
      organizations.map((o) => {
        const row: FunnelRow = { week: w.week, weekStart: w.weekStart, organizationId: o.organization_id === null ? null : Number(o.organization_id), organization: o.organization };
        for (const step of funnelSteps[role]) row[field(step)] = count.get(`${role}:${w.week}:${o.organization_id}:${step}`) ?? 0;
        return row;
      }),
    );
  };
  const standingOf = (role: 'mentor' | 'protege') => {
    const people = participants.filter((p) => p.role === role).reduce((n, p) => n + Number(p.n), 0);
    const out: StepCounts = { people };
    for (const step of funnelSteps[role]) out[field(step)] = Number(standing.find((s) => s.role === role && s.step === step)?.n ?? 0);
    return out;
  };
  const roles = ['mentor', 'protege', 'parent'] as const;
  return {
    fromWeek: weeks[0]!.week,
    toWeek: weeks.at(-1)!.week,
    mentorFunnel: funnel('mentor'),
    protegeOrientation: funnel('protege'),
    onboarding: { mentors: standingOf('mentor'), proteges: standingOf('protege') },
    communications: roles.map((role) => {
      const c = contacts.find((x) => x.role === role);
      return { role, contacts: Number(c?.contacts ?? 0), checkIns: Number(c?.check_ins ?? 0), openFollowUps: Number(c?.open_follow_ups ?? 0), overdueFollowUps: Number(c?.overdue_follow_ups ?? 0) };
    }),
    responsibilities: {
      tasks: tasks.length,
      covered: tasks.filter((t) => t.person_id !== null).length,
      withoutOwner: tasks
        .filter((t) => t.person_id === null)
        .map((t) => ({ id: t.id, task: t.task, organization: t.organization, missing: t.organization_id === null ? ('organization' as const) : ('person' as const) })),
    },
    checkIns: overdue,
  };
}
