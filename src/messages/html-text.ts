import { htmlToText, type FormatCallback } from 'html-to-text';
import { asBrowsersParseIt } from './sanitize.js';

/** Form fields show their value or placeholder, which html-to-text leaves out. */
const inputValue: FormatCallback = (elem, _walk, builder) => {
  const attribs = (elem as { attribs?: Record<string, string> }).attribs ?? {};
  const shown = [attribs.value, attribs.placeholder].filter((v) => v && v.trim()).join(' ');
  if (shown) builder.addInline(` ${shown} `);
};

/** A URL with its %XX escapes decoded, as far as they decode. */
function percentDecoded(path: string): string {
  return path.replace(/(%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/**
 * Everything an HTML part says, as text, for screening: hidden elements, form fields (textarea,
 * option, input values), <xmp>, image alt texts and link targets included. Text a mail client might
 * not show is still text a sender wrote to be read somewhere: screening reads it all.
 */
export function htmlAsText(html: string): string {
  return htmlToText(asBrowsersParseIt(html), {
    wordwrap: false,
    // html-to-text reads U+200B as a space by default: "me&#8203;et" would read "me et", not "meet".
    whitespaceCharacters: ' \t\r\n\f',
    limits: { maxDepth: 200, maxInputLength: 5_000_000 },
    formatters: { inputValue },
    selectors: [
      // Each form field, option and the like reads as words of its own: glued to its neighbours, "snap me"
      // in an <option> after "mall" would read "mallsnap me" and slip past whole-word matching.
      ...['textarea', 'select', 'option', 'optgroup', 'xmp', 'button', 'label', 'fieldset', 'legend', 'noscript', 'template', 'title', 'details', 'summary', 'dialog', 'output', 'svg', 'math'].map(
        (selector) => ({ selector, format: 'block' }),
      ),
      { selector: 'input', format: 'inputValue' },
      // A link's target as a reader's browser goes to it: "mailto:%6d%61…" is an address all the same.
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true, pathRewrite: percentDecoded } },
      { selector: 'img', format: 'image', options: { pathRewrite: percentDecoded } },
    ],
  });
}
