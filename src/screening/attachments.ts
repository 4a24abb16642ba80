import type { AttachmentInfo, Flag } from './types.js';

const executable = /\.(exe|bat|cmd|com|scr|pif|msi|msp|jar|js|jse|vbs|vbe|wsf|wsh|ps1|psm1|sh|bash|apk|app|dmg|pkg|deb|rpm|iso|img|lnk|hta|cpl|reg|dll)$/i;
const archive = /\.(zip|rar|7z|tar|gz|tgz|bz2|xz|cab|arj|lzh|ace)$/i;
const executableTypes = /^application\/(x-msdownload|x-msdos-program|x-dosexec|x-executable|vnd\.microsoft\.portable-executable|java-archive|x-sh|vnd\.android\.package-archive|x-apple-diskimage)/i;

/**
 * Why an attachment must not be forwarded (an executable, or a ZIP archive holding one); null when it
 * may go. The forwarded copy leaves out exactly the attachments this names, and screening flags them.
 */
export function blockedReason(a: AttachmentInfo): string | null {
  const name = asSaved(a.filename ?? '');
  if (executable.test(name) || executableTypes.test(a.contentType)) return 'executable file';
  if (a.kind === 'executable') return 'executable file (whatever its name says)';
  const inside = (a.entries ?? []).find((e) => executable.test(asSaved(e)));
  if (inside) return `the archive holds an executable (${inside})`;
  const nested = (a.entries ?? []).find((e) => archive.test(asSaved(e)));
  return nested ? `the archive holds another archive (${nested}), whose contents cannot be checked` : null;
}

/** A name as Windows saves it: trailing dots and spaces dropped ("setup.exe." is setup.exe). */
export const asSaved = (name: string) => name.replace(/[.\s]+$/, '');

/**
 * What an attachment's first bytes say it is, whatever its name: a program (Windows PE "MZ", ELF,
 * Mach-O), or a ZIP archive (whose entries are then read). Pure: bytes in, a word out.
 */
export function contentKind(bytes: Buffer): 'executable' | 'zip' | null {
  if (bytes.length >= 64 && bytes[0] === 0x4d && bytes[1] === 0x5a) return 'executable';
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x7f454c46) return 'executable';
  if (bytes.length >= 4 && [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(bytes.readUInt32BE(0))) return 'executable';
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6)) return 'zip';
  return null;
}

/**
 * Attachments: executables are blocked (a reviewer must not forward one), and so are ZIP archives
 * holding one; other archives are flagged (a person should look inside), images are flagged for a
 * look, and large files for size.
 */
export function findAttachmentFlags(attachments: AttachmentInfo[], maxBytes: number): Flag[] {
  const flags: Flag[] = [];
  for (const a of attachments) {
    const name = a.filename ?? '(no name)';
    const base = { type: 'attachment' as const, excerpt: `${name} (${a.contentType}, ${a.size} bytes)`, spans: [] };
    const blocked = blockedReason(a);
    if (a.unreadable) flags.push({ ...base, severity: 'review', detail: `removed: ${a.unreadable}` });
    else if (blocked) flags.push({ ...base, severity: 'review', detail: `blocked: ${blocked}` });
    else if (/html|svg/i.test(a.contentType) || /\.(html?|xhtml|svg)[.\s]*$/i.test(name)) {
      // Opened, it is a page in the child's browser: its text is screened, but what it loads is not ours to remove.
      flags.push({ ...base, severity: 'review', detail: 'a web page or SVG file: opened in a browser it may load content from elsewhere; take a look' });
    }
    else if (a.kind === 'zip' || archive.test(name) || /zip|compressed|x-rar|x-7z|x-tar|gzip/i.test(a.contentType)) {
      flags.push({ ...base, severity: 'review', detail: a.entries ? `archive of ${a.entries.length} files, none executable` : 'archive: contents not checked' });
    }
    else if (a.contentType.startsWith('image/') || /\.(jpe?g|png|gif|heic|webp|bmp|tiff?)[.\s]*$/i.test(name)) {
      flags.push({ ...base, severity: 'review', detail: 'image: take a look' });
    }
    if (a.size > maxBytes) flags.push({ ...base, severity: 'info', detail: `large: over ${Math.round(maxBytes / 1024 / 1024)} MB` });
  }
  return flags;
}
