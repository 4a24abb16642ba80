import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, startTestRelay, type TestRelay } from '../helpers/relay.js';

let t: TestRelay | null = null;

afterEach(async () => {
  await t?.stop();
  if (t) removeDir(t.dir);
  t = null;
});

/** Two organizations with a staff person each. */
async function program(relay: TestRelay) {
  const school = (await relay.api('POST', '/api/organizations', { name: 'Lincoln High', kind: 'school' })).body;
  const corp = (await relay.api('POST', '/api/organizations', { name: 'Acme Corp', kind: 'company' })).body;
  const sue = (await relay.api('POST', '/api/people', { name: 'Sue School', email: 'sue@school.example', role: 'staff', organizationId: school.id })).body;
  const carl = (await relay.api('POST', '/api/people', { name: 'Carl Corp', email: 'carl@corp.example', role: 'staff', organizationId: corp.id })).body;
  return { school, corp, sue, carl };
}

const items = async (relay: TestRelay) => (await relay.api('GET', '/api/responsibilities')).body.items as { id: number; task: string; organizationId: number | null; personId: number | null; retired: boolean }[];

describe('the responsibility matrix', () => {
  it('starts with the default tasks, unassigned and in order', async () => {
    t = await startTestRelay();
    const list = await items(t);
    expect(list).toHaveLength(27);
    expect(list[0]).toMatchObject({ task: 'recruiting mentors', organizationId: null, personId: null, retired: false });
    expect(list.map((r) => (r as unknown as { position: number }).position)).toEqual(list.map((_, i) => i + 1));
  });

  it('refuses a person of another organization (422 personId) and an unknown organization (422 organizationId); stores a valid assignment', async () => {
    t = await startTestRelay();
    const { school, corp, sue, carl } = await program(t);
    const [recruiting] = await items(t);

    const wrong = await t.api('PUT', `/api/responsibilities/${recruiting!.id}`, { organizationId: school.id, personId: carl.id });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.field).toBe('personId');
    expect(wrong.body.error.message).toBe(`personId: person ${carl.id} (Carl Corp) belongs to Acme Corp, not Lincoln High`);

    const unknown = await t.api('PUT', `/api/responsibilities/${recruiting!.id}`, { organizationId: 999, personId: null });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.field).toBe('organizationId');
    expect(unknown.body.error.message).toBe('organizationId: no organization with id 999');

    const alone = await t.api('PUT', `/api/responsibilities/${recruiting!.id}`, { organizationId: null, personId: sue.id });
    expect(alone.status).toBe(422);
    expect(alone.body.error.field).toBe('organizationId');

    const noPerson = await t.api('PUT', `/api/responsibilities/${recruiting!.id}`, { organizationId: school.id, personId: 999 });
    expect(noPerson.status).toBe(422);
    expect(noPerson.body.error.field).toBe('personId');

    expect((await t.api('PUT', '/api/responsibilities/9999', { organizationId: null, personId: null })).status).toBe(404);
    // Nothing refused was stored.
    expect((await items(t))[0]).toMatchObject({ organizationId: null, personId: null });

    const ok = await t.api('PUT', `/api/responsibilities/${recruiting!.id}`, { organizationId: corp.id, personId: carl.id });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: recruiting!.id, task: 'recruiting mentors', organizationId: corp.id, organizationName: 'Acme Corp', personId: carl.id, personName: 'Carl Corp', personEmail: 'carl@corp.example' });
    expect((await items(t))[0]).toMatchObject({ organizationId: corp.id, personId: carl.id });

    // An organization alone: responsible, its person not chosen yet.
    const orgOnly = await t.api('PUT', `/api/responsibilities/${recruiting!.id + 1}`, { organizationId: school.id, personId: null });
    expect(orgOnly.status).toBe(200);
    expect(orgOnly.body).toMatchObject({ organizationId: school.id, personId: null });
  });

  it('shows an assignment on the sheet (HTML and CSV), records it in the history, and unassigns with both null', async () => {
    t = await startTestRelay();
    const { corp, carl } = await program(t);
    const task = (await items(t)).find((r) => r.task === 'performing background checks on potential mentors')!;
    expect((await t.api('PUT', `/api/responsibilities/${task.id}`, { organizationId: corp.id, personId: carl.id })).status).toBe(200);

    const sheet = await t.api('GET', '/api/responsibilities/sheet');
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-type')).toMatch(/^text\/html/);
    const row = new RegExp(`<tr><td class="n">11</td><td class="task">performing background checks on potential mentors</td><td>Acme Corp</td><td>Carl Corp<br><span class="email">carl@corp.example</span></td></tr>`);
    expect(sheet.body).toMatch(row);
    expect(sheet.body).toContain('Test Program');
    expect(sheet.body).toContain('2026-11-25');
    expect((sheet.body as string).match(/class="unassigned"/g)).toHaveLength(26 * 2);

    const csv = await t.api('GET', '/api/responsibilities/sheet?format=csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (csv.body as string).trimEnd().split('\n');
    expect(lines).toHaveLength(28);
    expect(lines[0]).toBe('number,task,organization responsible,person responsible,email');
    expect(lines[1]).toBe('1,recruiting mentors,,,');
    expect(lines[11]).toBe('11,performing background checks on potential mentors,Acme Corp,Carl Corp,carl@corp.example');

    expect((await t.api('PUT', `/api/responsibilities/${task.id}`, { organizationId: null, personId: null })).status).toBe(200);
    const history = (await t.api('GET', `/api/responsibilities/${task.id}/history`)).body.items;
    expect(history).toHaveLength(2);
    expect(history[1]).toMatchObject({
      entity: 'responsibility',
      entityId: task.id,
      type: 'assigned',
      actor: 'admin (RELAY_ADMIN_TOKEN)',
      at: expect.stringMatching(/^2026-11-25T10:/),
      detail: {
        task: task.task,
        before: { organizationId: null, organizationName: null, personId: null, personName: null },
        after: { organizationId: corp.id, organizationName: 'Acme Corp', personId: carl.id, personName: 'Carl Corp' },
      },
    });
    expect(history[0]).toMatchObject({ type: 'unassigned', detail: { before: { organizationName: 'Acme Corp', personName: 'Carl Corp' }, after: { organizationId: null, personId: null } } });
    expect((await t.api('GET', '/api/responsibilities/history')).body.items.map((e: { type: string }) => e.type)).toEqual(['unassigned', 'assigned']);
  });

  it('adds, renames, retires and restores a task; retired tasks leave the sheet; each change is in the history', async () => {
    t = await startTestRelay();
    const added = await t.api('POST', '/api/responsibilities', { task: '  organizing the   closing ceremony ' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ task: 'organizing the closing ceremony', position: 28, retired: false, organizationId: null });
    expect((await t.api('POST', '/api/responsibilities', { task: 'Organizing the closing ceremony' })).status).toBe(409);

    const renamed = await t.api('PATCH', `/api/responsibilities/${added.body.id}`, { task: 'organizing the end-of-year ceremony' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.task).toBe('organizing the end-of-year ceremony');
    expect((await t.api('GET', '/api/responsibilities/sheet')).body).toContain('organizing the end-of-year ceremony');

    const recruiting = (await items(t))[0]!;
    const retired = await t.api('PATCH', `/api/responsibilities/${recruiting.id}`, { retired: true });
    expect(retired.body.retired).toBe(true);
    expect((await items(t))[0]).toMatchObject({ task: 'recruiting mentors', retired: true });
    const sheet = (await t.api('GET', '/api/responsibilities/sheet')).body as string;
    expect(sheet).not.toContain('recruiting mentors');
    expect(sheet).toContain('<td class="n">1</td><td class="task">producing online mentoring orientation materials</td>');
    expect((await t.api('GET', '/api/responsibilities/sheet?format=csv')).body).not.toContain('recruiting mentors');

    expect((await t.api('PATCH', `/api/responsibilities/${recruiting.id}`, { retired: false })).body.retired).toBe(false);
    expect((await t.api('GET', '/api/responsibilities/sheet')).body).toContain('recruiting mentors');

    const types = (await t.api('GET', '/api/responsibilities/history')).body.items.map((e: { type: string; entityId: number }) => `${e.type} ${e.entityId}`);
    expect(types).toEqual([`restored ${recruiting.id}`, `retired ${recruiting.id}`, `renamed ${added.body.id}`, `created ${added.body.id}`]);
    const [rename] = (await t.api('GET', `/api/responsibilities/${added.body.id}/history`)).body.items;
    expect(rename.detail).toMatchObject({ before: { task: 'organizing the closing ceremony' }, after: { task: 'organizing the end-of-year ceremony' } });
    expect((await t.api('PATCH', '/api/responsibilities/9999', { retired: true })).status).toBe(404);
    expect((await t.api('PATCH', `/api/responsibilities/${added.body.id}`, { task: '   ' })).status).toBe(400);
  });

  it('needs an admin token to change anything', async () => {
    t = await startTestRelay();
    const { token } = await t.relay.services.tokens.create('reviewer', 'a reviewer');
    expect((await t.api('GET', '/api/responsibilities', undefined, token)).status).toBe(200);
    expect((await t.api('PUT', '/api/responsibilities/1', { organizationId: null, personId: null }, token)).status).toBe(403);
    expect((await t.api('POST', '/api/responsibilities/send', undefined, token)).status).toBe(403);
    expect((await t.api('GET', '/api/responsibilities', undefined, null)).status).toBe(401);
  });
});
