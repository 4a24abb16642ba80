import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeDir, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { seedFile, seedTasks } from '../helpers/seed.js';

let t: TestRelay;
beforeEach(async () => {
  t = await startTestRelay();
});
afterEach(async () => {
  await t.stop();
  removeDir(t.dir);
});

describe('the default responsibility matrix', () => {
  it(`is the task list of the program's source document, in its order and wording (${seedFile.split('/').slice(-2).join('/')})`, async () => {
    const tasks = seedTasks();
    expect(tasks).toHaveLength(27);
    const { status, body } = await t.api('GET', '/api/responsibilities');
    expect(status).toBe(200);
    expect(body.items.map((i: { task: string }) => i.task)).toEqual(tasks);
    // Nobody is responsible for anything yet, and nothing is retired.
    for (const item of body.items) expect(item).toMatchObject({ organizationId: null, personId: null, retired: false });
  });
});
