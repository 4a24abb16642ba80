import type { Selectable } from 'kysely';

export const importKinds = ['people', 'pairs'] as const;
export type ImportKind = (typeof importKinds)[number];

/**
 * A file uploaded on /program/import, kept between its dry run and the confirmation so that the
 * import runs on exactly the bytes that were previewed (never on a file the browser sends again).
 */
export interface ImportUploadTable {
  id: string;
  staff_id: number;
  kind: ImportKind;
  file_name: string;
  content: string;
  sha256: string;
  created_at: number;
}

export interface ImportTables {
  import_uploads: ImportUploadTable;
}

export type ImportUploadRow = Selectable<ImportUploadTable>;
