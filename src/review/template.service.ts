import type { Clock } from '../db/clock.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { invalid, notFound } from '../errors.js';

export interface RejectTemplate {
  id: number;
  title: string;
  text: string;
}

/** Rejection reasons kept ready for reviewers; admins edit them. */
export class TemplateService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  list(): Promise<RejectTemplate[]> {
    return this.db.selectFrom('reject_templates').select(['id', 'title', 'text']).orderBy('id').execute();
  }

  async save(input: { id?: number; title: string; text: string }): Promise<RejectTemplate> {
    const title = input.title.trim();
    const text = input.text.trim();
    if (!title) throw invalid('title', 'must not be empty');
    if (!text) throw invalid('text', 'must not be empty');
    if (input.id === undefined) {
      return this.db.insertInto('reject_templates').values({ title, text, created_at: this.clock.now() }).returning(['id', 'title', 'text']).executeTakeFirstOrThrow();
    }
    const row = await this.db.updateTable('reject_templates').set({ title, text }).where('id', '=', input.id).returning(['id', 'title', 'text']).executeTakeFirst();
    if (!row) throw notFound(`template ${input.id}`);
    return row;
  }

  async remove(id: number): Promise<void> {
    const r = await this.db.deleteFrom('reject_templates').where('id', '=', id).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound(`template ${id}`);
  }
}
