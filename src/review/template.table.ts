import type { Generated, Selectable } from 'kysely';

/** Rejection reasons an admin keeps ready for reviewers. */
export interface RejectTemplateTable {
  id: Generated<number>;
  title: string;
  text: string;
  created_at: number;
}

export interface ReviewTables {
  reject_templates: RejectTemplateTable;
}

export type RejectTemplateRow = Selectable<RejectTemplateTable>;
