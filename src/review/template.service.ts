import type { Clock } from '../db/clock.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { invalid, notFound } from '../errors.js';
import { deleteTemplate, insertTemplate, listTemplates, updateTemplate } from './template.repository.js';

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
    return listTemplates(this.db);
  }

  async save(input: { id?: number; title: string; text: string }): Promise<RejectTemplate> {
    const title = input.title.trim();
    const text = input.text.trim();
    if (!title) throw invalid('title', 'must not be empty');
    if (!text) throw invalid('text', 'must not be empty');
    if (input.id === undefined) {
      return insertTemplate(this.db, { title, text, created_at: this.clock.now() });
    }
    const row = await updateTemplate(this.db, input.id, { title, text });
    if (!row) throw notFound(`template ${input.id}`);
    return row;
  }

  async remove(id: number): Promise<void> {
    if (!(await deleteTemplate(this.db, id))) throw notFound(`template ${id}`);
  }
}
