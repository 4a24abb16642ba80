import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { invalid } from '../../../errors.js';
import { decodeCsv } from '../../../program/csv.js';
import { ImportBody, ImportParams, ImportQuery, ImportResult } from '../../import-schemas.js';
import { errors } from '../../schemas.js';

/** The largest file an import takes: some 50,000 rows of people, far more than a program has. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

const tooLarge = () =>
  Object.assign(new Error(`the CSV file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB; split it into smaller files`), { statusCode: 413 });

/**
 * Importing people and pairs from a spreadsheet. The auth hook of /api already refuses a reviewer
 * token here, dry run or not (every POST needs an admin token): a dry run reads who is in the relay.
 */
const importRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { imports } = app.services;

  // The file as sent, read up to the limit, then decoded: a file that is not UTF-8 is refused, not guessed.
  app.addContentTypeParser('text/csv', async (req: { headers: Record<string, unknown> }, payload: AsyncIterable<Buffer>) => {
    if (Number(req.headers['content-length'] ?? 0) > IMPORT_MAX_BYTES) throw tooLarge();
    const parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of payload) {
      size += chunk.length;
      if (size > IMPORT_MAX_BYTES) throw tooLarge();
      parts.push(chunk);
    }
    const decoded = decodeCsv(Buffer.concat(parts));
    if (!decoded.ok) throw invalid('file', decoded.errors[0]!.message);
    return decoded.text;
  });

  app.post(
    '/import/:kind',
    {
      schema: {
        tags: ['program'],
        summary: 'Import people (name,email,role,organization) or pairs (mentor_email,protege_email) from a CSV file',
        description:
          'Send the file as the body with Content-Type: text/csv. Every row is checked; the real run writes the good rows in one transaction, and only them. A row already imported (the same address, the same pair) is skipped, so sending a file twice creates nothing twice.',
        params: ImportParams,
        querystring: ImportQuery,
        body: { content: { 'text/csv': { schema: ImportBody } } },
        response: { 200: ImportResult, ...errors(400, 401, 403, 413, 415) },
      },
    },
    async (req) => imports.run(req.params.kind, req.body as string, { dryRun: req.query.dryRun, actor: req.principal!.actor }),
  );
};

export default importRoutes;
