import { staffActor } from '../../../staff/staff.service.js';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { notFound } from '../../../errors.js';
import { importKinds, type ImportKind } from '../../../program/import.table.js';
import { pageContext, setFlash } from '../../page.js';
import { IMPORT_MAX_BYTES } from '../api/import.js';
import { importedText, importPage, previewPage } from '../../views/program/import.js';

interface UploadForm {
  kind?: string;
  csv?: string;
  file?: { filename: string; bytes: Buffer };
}

const tooLarge = () =>
  Object.assign(new Error(`The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB; split it into smaller files.`), { statusCode: 413 });

const uploadId = (req: FastifyRequest) => {
  const id = (req.params as { id?: string }).id ?? '';
  if (!/^[A-Za-z0-9_-]{24}$/.test(id)) throw notFound('this upload');
  return id;
};

/**
 * /program/import: upload a CSV file (or paste it), see its dry run, confirm. The file is kept
 * server-side from the dry run to the confirmation, under a random id and for the account that
 * uploaded it, so the import runs on exactly what was previewed. Registered inside the program
 * pages' context: login, roles and CSRF apply.
 */
const importPages: FastifyPluginAsync = async (app) => {
  const { imports } = app.services;

  // Multipart for these routes only; every field, the CSRF token among them, is read before the CSRF check.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: IMPORT_MAX_BYTES, fieldSize: IMPORT_MAX_BYTES, files: 1, fields: 5 },
    async onFile(part) {
      try {
        (part as unknown as { value: UploadForm['file'] }).value = { filename: part.filename, bytes: await part.toBuffer() };
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
        throw err;
      }
    },
  });

  app.get('/program/import', { schema: { hide: true } }, async (req, reply) => {
    const kind = (req.query as { kind?: string }).kind === 'pairs' ? 'pairs' : 'people';
    return reply.send(importPage(await pageContext(req, reply), kind, await imports.history()));
  });

  app.post('/program/import', { schema: { hide: true } }, async (req, reply) => {
    const form = (req.body ?? {}) as UploadForm;
    const kind = importKinds.find((k) => k === form.kind) as ImportKind | undefined;
    // A file part has bytes; a text field named file (a hand-made form) is no file.
    const file = typeof form.file === 'object' && form.file !== null && Buffer.isBuffer(form.file.bytes) && form.file.bytes.length > 0 ? form.file : null;
    const pasted = typeof form.csv === 'string' && form.csv.trim() !== '' ? form.csv : null;
    const back = (text: string) => {
      setFlash(req, 'error', text);
      return reply.redirect(`/program/import${kind === 'pairs' ? '?kind=pairs' : ''}`, 303);
    };
    if (!kind) return back('Choose what the file holds: people or pairs.');
    if (!file && !pasted) return back('Choose a CSV file, or paste its rows.');
    const saved = await imports.saveUpload(req.staff!.id, kind, file?.filename || 'pasted rows', file ? file.bytes : pasted!);
    if ('errors' in saved) return back(`This file cannot be imported: ${saved.errors[0]!.message}.`);
    return reply.redirect(`/program/import/${saved.id}`, 303);
  });

  app.get('/program/import/:id', { schema: { hide: true } }, async (req, reply) => {
    const upload = await imports.getUpload(uploadId(req), req.staff!.id);
    const result = await imports.run(upload.kind, upload.content, { dryRun: true });
    return reply.send(previewPage(await pageContext(req, reply), { id: upload.id, kind: upload.kind, fileName: upload.file_name }, result));
  });

  app.post('/program/import/:id', { schema: { hide: true } }, async (req, reply) => {
    const result = await imports.confirmUpload(uploadId(req), req.staff!.id, staffActor(req.staff!));
    setFlash(req, result.errors.length > 0 && result.imported === 0 ? 'error' : 'ok', importedText(result.kind, result));
    return reply.redirect(`/program/import${result.kind === 'pairs' ? '?kind=pairs' : ''}`, 303);
  });
};

export default importPages;
