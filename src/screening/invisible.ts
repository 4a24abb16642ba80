/**
 * Characters a reader does not see that change what a filter reads: every default-ignorable code point
 * and format control of Unicode: zero-width spaces and joiners, the soft hyphen, word joiners,
 * bidirectional controls ("invoice\u202Eexe.pdf"), the byte-order mark, variation selectors, tag
 * characters, Hangul fillers, shorthand and musical format controls, interlinear annotations. Those
 * format characters that print (Arabic number signs and the like) are left out. Screening removes them
 * before matching and flags them. Matches may be two UTF-16 code units long (astral characters).
 */
export const INVISIBLE = /(?![\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u{110BD}\u{110CD}])[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;

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
  if (names[ch]) return names[ch]!;
  if (/[\u202A-\u202E\u2066-\u2069\u061C]/.test(ch)) return 'bidirectional control';
  if (/[\u{E0000}-\u{E007F}]/u.test(ch)) return 'tag character';
  if (/[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u.test(ch)) return 'variation selector';
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The text without its invisible characters (a file name as it is shown and sent). */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}
