import Type from 'typebox';
import { importKinds } from '../program/import.table.js';

export const ImportParams = Type.Object({ kind: Type.Union(importKinds.map((k) => Type.Literal(k))) });

export const ImportQuery = Type.Object(
  { dryRun: Type.Optional(Type.Boolean({ default: false, description: 'Check every row and write nothing' })) },
  { additionalProperties: false },
);

export const ImportBody = Type.String({ description: 'The CSV file: a header line naming the columns, then one row a line (UTF-8, comma or semicolon)' });

export const ImportResult = Type.Object({
  imported: Type.Integer({ description: 'Rows written (in a dry run: that would be)' }),
  skipped: Type.Integer({ description: 'Rows already in the relay: the same person, the same pair' }),
  errors: Type.Array(
    Type.Object({
      line: Type.Integer({ description: "The file's line where the row starts; the header is line 1" }),
      field: Type.String({ description: 'The column at fault, or "file"' }),
      message: Type.String(),
    }),
  ),
  ignoredColumns: Type.Array(Type.String(), { description: 'Header names that are none of the expected columns; their cells were not read' }),
});
