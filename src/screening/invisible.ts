/**
 * Characters a reader does not see that change what a filter reads: zero-width spaces and joiners,
 * the soft hyphen, word joiners, bidirectional controls ("invoice\u202Eexe.pdf"), the byte-order mark
 * and the Mongolian vowel separator. Screening removes them before matching and flags them.
 */
export const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/g;

const names: Record<string, string> = {
  '\u00AD': 'soft hyphen',
  '\u200B': 'zero-width space',
  '\u200C': 'zero-width non-joiner',
  '\u200D': 'zero-width joiner',
  '\u2060': 'word joiner',
  '\uFEFF': 'zero-width no-break space',
  '\u200E': 'left-to-right mark',
  '\u200F': 'right-to-left mark',
};

/** A reader's name for an invisible character. */
export function invisibleName(ch: string): string {
  return names[ch] ?? (/[\u202A-\u202E\u2066-\u2069\u061C]/.test(ch) ? 'bidirectional control' : `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
}

/** The text without its invisible characters (a file name as it is shown and sent). */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}
