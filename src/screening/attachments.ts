import type { AttachmentInfo, Flag } from './types.js';

const executable = /\.(exe|bat|cmd|com|scr|pif|msi|msp|jar|js|jse|vbs|vbe|wsf|wsh|ps1|psm1|sh|bash|apk|app|dmg|pkg|deb|rpm|iso|img|lnk|hta|cpl|reg|dll)$/i;
const archive = /\.(zip|rar|7z|tar|gz|tgz|bz2|xz|cab|arj|lzh|ace)$/i;
const executableTypes = /^application\/(x-msdownload|x-msdos-program|x-dosexec|x-executable|vnd\.microsoft\.portable-executable|java-archive|x-sh|vnd\.android\.package-archive|x-apple-diskimage)/i;

/**
 * Why an attachment must not be forwarded (an executable, or a ZIP archive holding one); null when it
 * may go. The forwarded copy leaves out exactly the attachments this names, and screening flags them.
 */
export function blockedReason(a: AttachmentInfo): string | null {
  const name = a.filename ?? '';
  if (executable.test(name) || executableTypes.test(a.contentType)) return 'executable file';
  const inside = (a.entries ?? []).find((e) => executable.test(e));
  return inside ? `the archive holds an executable (${inside})` : null;
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
    else if (archive.test(name) || /zip|compressed|x-rar|x-7z|x-tar|gzip/i.test(a.contentType)) {
      flags.push({ ...base, severity: 'review', detail: a.entries ? `archive of ${a.entries.length} files, none executable` : 'archive: contents not checked' });
    }
    else if (a.contentType.startsWith('image/')) flags.push({ ...base, severity: 'review', detail: 'image: take a look' });
    if (a.size > maxBytes) flags.push({ ...base, severity: 'info', detail: `large: over ${Math.round(maxBytes / 1024 / 1024)} MB` });
  }
  return flags;
}
