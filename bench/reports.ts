// Reports benchmark: a program's year in a SQLite file (10,000 pairs, 1,000,000 messages over 52
// weeks, 10,000 of them held in the last weeks), built with the relay's own migrations, then the
// reports timed in process and over HTTP on the real app: the weekly report over the 52 weeks, the
// by-pair report of one week, the summary of one week, and the review queue. Prints medians against
// each report's target, and the plan of every query the reports run.
// Usage: npm run bench:reports [-- [--quick] [--keep]]   (--quick: 1,000 pairs and 100,000 messages,
// 3 runs; --keep: leaves the database file in its temp dir, for trying a query or an index on it)
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CompiledQuery, Kysely } from 'kysely';
import { startRelay } from '../src/app.js';
import { SettableClock } from '../src/db/clock.js';
import { openDatabase } from '../src/db/connection.js';
import type { Database } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { createLogger } from '../src/log.js';
import { MessageService } from '../src/messages/message.service.js';
import type { Direction, MessageStatus, NewMessage } from '../src/messages/message.table.js';
import type { NewOnboardingStep } from '../src/program/onboarding.table.js';
import { ProgramService } from '../src/program/program.service.js';
import { CommunicationService } from '../src/program/communication.service.js';
import { programReport } from '../src/stats/program.js';
import { weeklyReport } from '../src/stats/report.js';
import { weeklySummary } from '../src/stats/summary.js';
import { weeklyStats } from '../src/stats/weekly.js';
import { weeksBetween } from '../src/stats/weeks.js';
import { testConfig } from '../test/helpers/relay.js';
import { WebSession } from '../test/helpers/web-session.js';
import { queryPlan, recordingDb, type PlanStep } from './reports.repository.js';

const quick = process.argv.includes('--quick');
const keep = process.argv.includes('--keep');
const PAIRS = quick ? 1_000 : 10_000;
const MESSAGES = quick ? 100_000 : 1_000_000;
const HELD = quick ? 1_000 : 10_000;
const RUNS = quick ? 3 : 7;

const DAY = 86_400_000;
const WEEKS = 52;
/** Monday 8 December 2025 (2025-W50) to Sunday 6 December 2026 (2026-W49), in UTC (the default zone). */
const FIRST = Date.UTC(2025, 11, 8);
const END = FIRST + WEEKS * 7 * DAY;
/** The Monday morning after: every week of the range is over. */
const NOW = END + 9 * 3_600_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const lastWeek = weeksBetween(END - DAY, END - DAY, 'UTC')[0]!;

const DOMAIN = 'relay.test';
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const STAFF = { email: 'ada@program.example', name: 'Ada Admin', password: 'benchmark password 1' };
const REVIEWERS = ['Ada Admin (ada@program.example)', 'Rex Reviewer (rex@program.example)', 'Ria Reviewer (ria@program.example)', 'Sam Reviewer (sam@program.example)', 'Col Coordinator (col@program.example)'];
const ORIGINALS = 20; // archive rows the messages share (1..20), and edited copies (21..25)
const EDITED = 5;
const FLAGS = '[{"type":"phone","severity":"review","excerpt":"x","spans":[]}]';

/** A small seeded generator (mulberry32): the same data set every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Pair `p`'s alias: `pair-` and ten characters of the aliases' alphabet, as src/program/alias.ts makes them. */
function alias(p: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let out = '';
  for (let n = p + 1, i = 0; i < 10; i++, n = Math.floor(n / 32)) out = alphabet[n % 32] + out;
  return `pair-${out}`;
}

async function inBatches<R>(rows: R[], size: number, insert: (chunk: R[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** Builds the data set in `file`: migrations first, then every row through Kysely, in large transactions. */
async function generate(file: string): Promise<{ held: number; byStatus: Record<string, number> }> {
  const handle = openDatabase(file, { synchronous: 'NORMAL' });
  const db = handle.db;
  try {
    await migrateToLatest(db);
    const rand = seeded(20261206);
    const created = FIRST - 120 * DAY;
    const orgs = [
      ['Lincoln High', 'school'],
      ['Roosevelt Middle', 'school'],
      ['Hillside Academy', 'school'],
      ['Eastside High', 'school'],
      ['Acme Corp', 'company'],
      ['Globex', 'company'],
      ['Initech', 'company'],
      ['Umbrella Health', 'company'],
    ] as const;
    await db.insertInto('organizations').values(orgs.map(([name, kind], i) => ({ id: i + 1, name, kind, created_at: created }))).execute();

    // Pairs: most open before the year starts, a fifth during its first 40 weeks; 5 % paused, 5 % closed.
    const start = new Float64Array(PAIRS);
    const end = new Float64Array(PAIRS);
    const status: ('active' | 'paused' | 'closed')[] = [];
    for (let p = 0; p < PAIRS; p++) {
      start[p] = Math.floor(rand() < 0.8 ? FIRST - rand() * 60 * DAY : FIRST + rand() * 40 * 7 * DAY);
      const r = rand();
      status[p] = r < 0.9 ? 'active' : r < 0.95 ? 'paused' : 'closed';
      end[p] = status[p] === 'closed' ? Math.floor(start[p]! + 28 * DAY + rand() * Math.max(DAY, END - 7 * DAY - start[p]! - 28 * DAY)) : END;
    }
    const mentorId = (p: number) => p + 1;
    const protegeId = (p: number) => PAIRS + p + 1;
    const mentorEmail = (p: number) => `mentor${p + 1}@corp${(p % 4) + 1}.example`;
    const protegeEmail = (p: number) => `student${p + 1}@school${(p % 4) + 1}.example`;

    await db.transaction().execute(async (trx) => {
      const people = [];
      const emails = [];
      for (let p = 0; p < PAIRS; p++) {
        people.push({ id: mentorId(p), name: `Mentor ${p + 1}`, role: 'mentor' as const, organization_id: 5 + (p % 4), created_at: start[p]! - 40 * DAY });
        emails.push({ address: mentorEmail(p), person_id: mentorId(p), verified: 1, created_at: start[p]! - 40 * DAY });
      }
      for (let p = 0; p < PAIRS; p++) {
        people.push({ id: protegeId(p), name: `Student ${p + 1}`, role: 'protege' as const, organization_id: 1 + (p % 4), created_at: start[p]! - 40 * DAY });
        emails.push({ address: protegeEmail(p), person_id: protegeId(p), verified: 1, created_at: start[p]! - 40 * DAY });
      }
      await inBatches(people, 1000, (c) => trx.insertInto('people').values(c).execute());
      await inBatches(emails, 1000, (c) => trx.insertInto('person_emails').values(c).execute());
      const pairs = [];
      for (let p = 0; p < PAIRS; p++) {
        const closed = status[p] === 'closed';
        pairs.push({
          id: p + 1,
          alias: alias(p),
          mentor_id: mentorId(p),
          protege_id: protegeId(p),
          status: status[p]!,
          started_at: start[p]!,
          ended_at: closed ? end[p]! : null,
          trusted: 0,
          close_reason: closed ? ('completed' as const) : null,
          rematch: closed ? 0 : null,
        });
      }
      await inBatches(pairs, 1000, (c) => trx.insertInto('pairs').values(c).execute());
      // Onboarding: each mentor applied, was approved and oriented; each protégé enrolled, was approved and oriented.
      const steps: NewOnboardingStep[] = [];
      for (let p = 0; p < PAIRS; p++) {
        for (const [person, names] of [
          [mentorId(p), ['applied', 'approved', 'oriented']],
          [protegeId(p), ['enrolled', 'approved', 'oriented']],
        ] as const) {
          names.forEach((step, i) => {
            const at = start[p]! - (30 - i * 12) * DAY;
            steps.push({ person_id: person, step, status: 'done' as const, at, actor: REVIEWERS[4]!, note: null, expires_at: null, guardian_id: null, recorded_at: at });
          });
        }
      }
      await inBatches(steps, 2000, (c) => trx.insertInto('onboarding_steps').values(c).execute());
      const checkIns = Array.from({ length: PAIRS / 5 }, (_, i) => {
        const at = Math.floor(FIRST + rand() * (END - FIRST));
        return { person_id: i % 2 ? mentorId(i) : protegeId(i), channel: 'email' as const, kind: 'check-in', summary: 'Monthly check-in: all well', at, follow_up_due: null, follow_up_done_at: null, actor: REVIEWERS[4]!, recorded_at: at };
      });
      await inBatches(checkIns, 1000, (c) => trx.insertInto('communications').values(c).execute());
      // The archive: a few originals the messages share, and a few edited copies.
      for (let a = 1; a <= ORIGINALS + EDITED; a++) {
        const raw = Buffer.from(`From: Mentor <mentor1@corp1.example>\r\nTo: ${pairs[0]!.alias}@${DOMAIN}\r\nSubject: Week ${a}\r\nMessage-ID: <archive-${a}@corp1.example>\r\n\r\nHow was school this week?\r\n`);
        await trx.insertInto('message_archive').values({ id: a, sha256: createHash('sha256').update(raw).digest('hex'), size: raw.length, envelope_from: mentorEmail(0), envelope_to: JSON.stringify([`${pairs[0]!.alias}@${DOMAIN}`]), remote_address: a > ORIGINALS ? null : '127.0.0.1', helo: null, sender_auth: null, received_at: FIRST }).execute();
        await trx.insertInto('message_archive_parts').values({ archive_id: a, seq: 0, bytes: raw }).execute();
      }
    });

    // Messages: uniform in time over the pairs open at that time (a pair's share is its open span).
    const cum = new Float64Array(PAIRS);
    let total = 0;
    for (let p = 0; p < PAIRS; p++) cum[p] = total += Math.max(0, end[p]! - Math.max(start[p]!, FIRST));
    const times = new Float64Array(MESSAGES);
    const pairOf = new Int32Array(MESSAGES);
    for (let k = 0; k < MESSAGES; k++) {
      const u = rand() * total;
      let lo = 0;
      let hi = PAIRS - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid]! > u) hi = mid;
        else lo = mid + 1;
      }
      pairOf[k] = lo;
      times[k] = Math.floor(Math.max(start[lo]!, FIRST) + u - (lo > 0 ? cum[lo - 1]! : 0));
    }
    const order = new Uint32Array(MESSAGES).map((_, i) => i).sort((a, b) => times[a]! - times[b]!);
    // About HELD messages of the last three weeks wait for a decision (never a closed pair's).
    const heldFrom = END - 21 * DAY;
    let inWindow = 0;
    for (let k = 0; k < MESSAGES; k++) if (times[k]! >= heldFrom && status[pairOf[k]!] !== 'closed') inWindow++;
    const heldP = Math.min(1, HELD / Math.max(1, inWindow));
    const lastDir = new Int8Array(PAIRS).map(() => (rand() < 0.5 ? 0 : 1));
    const byStatus: Record<string, number> = {};
    let held = 0;
    let next = 0;
    const rowAt = (j: number): NewMessage => {
      const k = order[j]!;
      const p = pairOf[k]!;
      const t = times[k]!;
      if (rand() < 0.6) lastDir[p] = 1 - lastDir[p]!;
      const direction: Direction = lastDir[p] === 0 ? 'mentor_to_protege' : 'protege_to_mentor';
      const fromMentor = direction === 'mentor_to_protege';
      let st: MessageStatus = 'delivered';
      let decidedAt: number | null = Math.min(Math.floor(t + (5 + -Math.log(1 - rand()) * 240) * 60_000), NOW - 60_000);
      let forward: number | null = null;
      let reason: string | null = null;
      let note: string | null = null;
      let lastError: string | null = null;
      if (t >= heldFrom && status[p] !== 'closed' && rand() < heldP) {
        st = 'held';
        decidedAt = null;
        held++;
      } else {
        const r = rand();
        if (r < 0.025) {
          st = 'rejected';
          reason = 'The message shares personal contact details. Please keep all contact within the program.';
        } else if (r < 0.028) {
          st = 'failed';
          lastError = '550 5.1.1 mailbox unavailable';
        } else if (r < 0.038) {
          forward = ORIGINALS + 1 + (j % EDITED);
          note = 'Removed a phone number';
        }
      }
      byStatus[st] = (byStatus[st] ?? 0) + 1;
      const id = j + 1;
      return {
        id,
        pair_id: p + 1,
        archive_id: 1 + (j % ORIGINALS),
        direction,
        sender_id: fromMentor ? mentorId(p) : protegeId(p),
        recipient_id: fromMentor ? protegeId(p) : mentorId(p),
        sender_address: fromMentor ? mentorEmail(p) : protegeEmail(p),
        subject: `Week ${Math.floor((t - FIRST) / (7 * DAY)) + 1}`,
        original_message_id: `<${id}.${p + 1}@mail.example>`,
        relay_message_id: `<${id}.r@${DOMAIN}>`,
        received_at: t,
        size: 1200 + ((id * 7919) % 6000),
        status: st,
        flags: rand() < 0.05 ? FLAGS : '[]',
        decided_by: decidedAt === null ? null : REVIEWERS[j % REVIEWERS.length]!,
        decided_at: decidedAt,
        reason,
        note,
        delivered_at: st === 'delivered' ? decidedAt! + 1500 : null,
        last_error: lastError,
        forward_archive_id: forward,
        attachment_count: id % 40 === 0 ? 1 : 0,
        screened_at: t + 400,
      };
    };
    while (next < MESSAGES) {
      await db.transaction().execute(async (trx) => {
        for (const stop = Math.min(MESSAGES, next + 50_000); next < stop; ) {
          const chunk: NewMessage[] = [];
          for (const last = Math.min(stop, next + 500); next < last; next++) chunk.push(rowAt(next));
          await trx.insertInto('messages').values(chunk).execute();
        }
      });
    }
    return { held, byStatus };
  } finally {
    await handle.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Milliseconds of each of RUNS calls, after one warm-up call. */
async function timed(fn: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return ms;
}

/** The query's SQL on one line, a long VALUES list of the weeks shortened. */
function oneLine(q: CompiledQuery, max = 160): string {
  const s = q.sql.replace(/\s+/g, ' ').replace(/(\(\?, \?, \?, \?\))(, \(\?, \?, \?, \?\))+/, (_all, first: string) => `${first}, … ×${q.parameters.length / 4}`);
  return s.length > max ? `${s.slice(0, max)} …` : s;
}

function planLines(steps: PlanStep[]): string[] {
  const depth = new Map<number, number>([[0, 0]]);
  return steps.map((s) => {
    const d = (depth.get(s.parent) ?? 0) + 1;
    depth.set(s.id, d);
    return `${'  '.repeat(d + 1)}${s.detail}`;
  });
}

// ---- Build the data set.
const dir = mkdtempSync(path.join(tmpdir(), 'relay-bench-reports-'));
const file = path.join(dir, 'relay.db');
try {
  console.log(`reports benchmark: ${PAIRS.toLocaleString('en')} pairs, ${MESSAGES.toLocaleString('en')} messages over ${WEEKS} weeks (${day(FIRST)} to ${day(END - DAY)}), node ${process.version}, medians of ${RUNS} runs after a warm-up`);
  const t0 = Date.now();
  const built = await generate(file);
  console.log(
    `built in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${(statSync(file).size / 1024 / 1024).toFixed(0)} MB; ` +
      Object.entries(built.byStatus)
        .map(([s, n]) => `${n.toLocaleString('en')} ${s}`)
        .join(', '),
  );

  // ---- The real app on that database, its clock the Monday morning after the year.
  // The outbox polls at the default pace, not the tests' fast one: the timings see no extra work.
  const config = testConfig(dir, { domain: DOMAIN, adminToken: ADMIN_TOKEN, programName: 'Benchmark Program', outbound: { pollMs: 1000 } });
  const clock = new SettableClock(NOW);
  const relay = await startRelay(config, createLogger('silent'), clock);
  try {
    const base = `http://127.0.0.1:${relay.httpPort}`;
    const { db, messages, program } = relay.services;
    await relay.services.staff.create({ ...STAFF, role: 'admin' });
    const session = await WebSession.logIn(base, STAFF.email, STAFF.password);
    const api = async (url: string) => {
      const res = await fetch(base + url, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${text.slice(0, 300)}`);
      return text;
    };
    /** A page as a logged-in admin sees it; `marker` proves it is the page, not an error. */
    const page = async (url: string, marker: string) => {
      const res = await session.get(url);
      if (res.status !== 200 || !res.text.includes(marker)) throw new Error(`GET ${url}: ${res.status}`);
      return res.text;
    };

    const options = { timeZone: config.timeZone, domain: config.domain, now: NOW };
    const reviewQueue = (m: MessageService, p: ProgramService) => Promise.all([m.list({ status: 'held', limit: 25 }), m.queueSummary(), p.pairLabels()]);
    const eightWeeks = day(END - 8 * 7 * DAY);
    const communications = relay.services.communications;
    const reports: { name: string; target: number | null; run: (db: Kysely<Database>) => Promise<unknown>; inProcess: () => Promise<unknown>; http?: string; page?: [string, string] }[] = [
      {
        name: 'weekly, 8 weeks (default)',
        target: 100,
        run: (d) => weeklyStats(d, { from: eightWeeks, to: day(END - DAY), by: 'program', ...options }),
        inProcess: () => weeklyStats(db, { from: eightWeeks, to: day(END - DAY), by: 'program', ...options }),
        http: `/api/stats/weekly?from=${eightWeeks}&to=${day(END - DAY)}`,
      },
      {
        name: "program's results, 8 weeks",
        target: 100,
        run: (d) => programReport(d, new CommunicationService(d, clock, { checkInDays: 30 }), { from: eightWeeks, to: day(END - DAY), timeZone: config.timeZone, now: NOW }),
        inProcess: () => programReport(db, communications, { from: eightWeeks, to: day(END - DAY), timeZone: config.timeZone, now: NOW }),
        http: `/api/stats/program?from=${eightWeeks}&to=${day(END - DAY)}`,
      },
      {
        name: `weekly, ${WEEKS} weeks`,
        target: 100,
        run: (d) => weeklyStats(d, { from: day(FIRST), to: day(END - DAY), by: 'program', ...options }),
        inProcess: () => weeklyStats(db, { from: day(FIRST), to: day(END - DAY), by: 'program', ...options }),
        http: `/api/stats/weekly?from=${day(FIRST)}&to=${day(END - DAY)}`,
      },
      {
        name: `weekly by pair, ${lastWeek.week}`,
        target: 300,
        run: (d) => weeklyStats(d, { from: lastWeek.weekStart, to: day(END - DAY), by: 'pair', ...options }),
        inProcess: () => weeklyStats(db, { from: lastWeek.weekStart, to: day(END - DAY), by: 'pair', ...options }),
        http: `/api/stats/weekly?by=pair&from=${lastWeek.weekStart}&to=${day(END - DAY)}`,
      },
      {
        name: `summary, ${lastWeek.week}`,
        target: 100,
        run: (d) => weeklySummary(d, { week: lastWeek.week, timeZone: config.timeZone, now: NOW }),
        inProcess: () => weeklySummary(db, { week: lastWeek.week, timeZone: config.timeZone, now: NOW }),
        http: `/api/stats/summary?week=${lastWeek.week}`,
      },
      {
        name: `weekly report, ${lastWeek.week}`,
        target: null,
        run: (d) => weeklyReport(d, new CommunicationService(d, clock, { checkInDays: 30 }), { week: lastWeek.week, programName: 'Bench', ...options }),
        inProcess: () => weeklyReport(db, communications, { week: lastWeek.week, programName: 'Bench', ...options }),
        http: `/api/stats/report?week=${lastWeek.week}`,
      },
      {
        name: `dashboard page, ${lastWeek.week}`,
        target: null,
        run: (d) => weeklyReport(d, new CommunicationService(d, clock, { checkInDays: 30 }), { week: lastWeek.week, programName: 'Bench', withPairs: false, ...options }),
        inProcess: () => weeklyReport(db, communications, { week: lastWeek.week, programName: 'Bench', withPairs: false, ...options }),
        page: [`/program/dashboard?week=${lastWeek.week}`, 'Pairs to nudge'],
      },
      {
        name: 'review queue page (/review)',
        target: 150,
        run: (d) => reviewQueue(new MessageService(d, DOMAIN), new ProgramService(d, clock, DOMAIN)),
        inProcess: () => reviewQueue(messages, program),
        page: ['/review', 'Messages waiting for review'],
      },
      {
        name: 'held messages, API (50)',
        target: 150,
        run: (d) => new MessageService(d, DOMAIN).list({ status: 'held' }),
        inProcess: () => messages.list({ status: 'held' }),
        http: '/api/messages?status=held',
      },
    ];

    // What the reports found, to show the data set is what it says.
    const weekly = (await weeklyStats(db, { from: day(FIRST), to: day(END - DAY), by: 'program', ...options })) as { total: number; pending: number }[];
    const byPair = await weeklyStats(db, { from: lastWeek.weekStart, to: day(END - DAY), by: 'pair', ...options });
    const summary = await weeklySummary(db, { week: lastWeek.week, timeZone: config.timeZone, now: NOW });
    console.log(
      `reports read: ${weekly.length} weeks, ${weekly.reduce((n, w) => n + w.total, 0).toLocaleString('en')} messages; ${byPair.length.toLocaleString('en')} pairs open in ${lastWeek.week}; ` +
        `summary: ${summary.activePairs} open, ${summary.pairsBothWrote} both wrote, ${summary.inactivePairs} inactive, ${summary.escalatePairs} to escalate, backlog ${summary.backlog.toLocaleString('en')}`,
    );

    // Pass or fail on the HTTP figure where there is a route (what a coordinator waits for), else in process.
    console.log('\nreport                           in-process ms   HTTP ms (fastest–slowest)   target    result');
    for (const r of reports) {
      const inProcess = median(await timed(r.inProcess));
      const runs = r.http ? await timed(() => api(r.http!)) : r.page ? await timed(() => page(...r.page!)) : null;
      const over = runs && median(runs);
      const range = runs ? `${over!.toFixed(1)} (${Math.min(...runs).toFixed(0)}–${Math.max(...runs).toFixed(0)})` : '–';
      const measured = over ?? inProcess;
      const verdict = r.target === null ? '(none)' : `< ${String(r.target).padStart(3)} ms  ${measured < r.target ? 'pass' : 'FAIL'}`;
      console.log(`${r.name.padEnd(32)} ${inProcess.toFixed(1).padStart(13)}   ${range.padEnd(25)} ${verdict}`);
    }

    // ---- The plans of the queries each report runs, recorded on a second connection.
    const recorder = recordingDb(file);
    try {
      console.log('\nquery plans (EXPLAIN QUERY PLAN)');
      for (const r of reports) {
        recorder.queries.length = 0;
        await r.run(recorder.db);
        const ran = recorder.queries.splice(0);
        const seen = new Set<string>();
        console.log(`\n${r.name}:`);
        for (const q of ran) {
          if (seen.has(q.sql)) continue;
          seen.add(q.sql);
          const runs = ran.filter((x) => x.sql === q.sql).length;
          console.log(`  ${oneLine(q)}${runs > 1 ? `   [run ${runs} times]` : ''}`);
          for (const line of planLines(await queryPlan(recorder.db, q))) console.log(line);
        }
      }
    } finally {
      await recorder.db.destroy();
    }
  } finally {
    await relay.stop();
  }
} finally {
  if (keep) console.log(`\ndatabase kept: ${file}`);
  else rmSync(dir, { recursive: true, force: true });
}
