import { describe, expect, it } from 'vitest';
import { findAttachmentFlags } from '../../../src/screening/attachments.js';
import { zipEntryNames } from '../../../src/screening/zip.js';

// Two small archives made with Python's zipfile: one holds setup.exe, the other only documents.
const withExe = Buffer.from('UEsDBBQAAAAAAI+wfF2sKpPYAgAAAAIAAAAPAAAAZG9jcy9yZWFkbWUudHh0aGlQSwMEFAAAAAAAj7B8XV2bsI8CAAAAAgAAAAkAAABzZXR1cC5leGVNWlBLAQIUAxQAAAAAAI+wfF2sKpPYAgAAAAIAAAAPAAAAAAAAAAAAAACAAQAAAABkb2NzL3JlYWRtZS50eHRQSwECFAMUAAAAAACPsHxdXZuwjwIAAAACAAAACQAAAAAAAAAAAAAAgAEvAAAAc2V0dXAuZXhlUEsFBgAAAAACAAIAdAAAAFgAAAAAAA==', 'base64');
const documents = Buffer.from('UEsDBBQAAAAAAI+wfF2DFtyMAQAAAAEAAAAKAAAAZXNzYXkuZG9jeHhQSwMEFAAAAAAAj7B8XRUm2/sBAAAAAQAAAAkAAABub3Rlcy50eHR5UEsBAhQDFAAAAAAAj7B8XYMW3IwBAAAAAQAAAAoAAAAAAAAAAAAAAIABAAAAAGVzc2F5LmRvY3hQSwECFAMUAAAAAACPsHxdFSbb+wEAAAABAAAACQAAAAAAAAAAAAAAgAEpAAAAbm90ZXMudHh0UEsFBgAAAAACAAIAbwAAAFEAAAAAAA==', 'base64');

describe('archives', () => {
  it('lists the files inside a ZIP without unpacking it', () => {
    expect(zipEntryNames(withExe)).toEqual(['docs/readme.txt', 'setup.exe']);
    expect(zipEntryNames(documents)).toEqual(['essay.docx', 'notes.txt']);
    expect(zipEntryNames(Buffer.from('not a zip at all'))).toBeNull();
    // An entry stored as readme.txt whose Unicode Path field (what unzip shows and saves) says setup.exe.
    expect(zipEntryNames(Buffer.from('UEsDBBQAAAAAAAAAIQBdm7CPAgAAAAIAAAAKABIAcmVhZG1lLnR4dHVwDgABCItZInNldHVwLmV4ZU1aUEsBAhQDFAAAAAAAAAAhAF2bsI8CAAAAAgAAAAoAEgAAAAAAAAAAAIABAAAAAHJlYWRtZS50eHR1cA4AAQiLWSJzZXR1cC5leGVQSwUGAAAAAAEAAQBKAAAAPAAAAAAA', 'base64'))).toEqual(['readme.txt', 'setup.exe']);
  });

  it('blocks an archive that holds an executable, and says what an innocent one holds', () => {
    const flags = findAttachmentFlags(
      [
        { filename: 'homework.zip', contentType: 'application/zip', size: withExe.length, entries: zipEntryNames(withExe) },
        { filename: 'essays.zip', contentType: 'application/zip', size: documents.length, entries: zipEntryNames(documents) },
      ],
      10 * 1024 * 1024,
    );
    expect(flags.map((f) => f.detail)).toEqual(['blocked: the archive holds an executable (setup.exe)', 'archive of 2 files, none executable']);
  });
});
