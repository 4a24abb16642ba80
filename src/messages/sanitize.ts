import { parse, serialize } from 'parse5';
import sanitizeHtml from 'sanitize-html';

// CSS values that cannot reach the network: no url(), no expression(), no escapes.
const cssValue = /^(?!.*(url|expression|image-set|\\)).*$/i;
// A font size of zero hides text from a reader: such text is screened, but it is not sent hidden.
const visibleSize = /^(?!.*(url|expression|\\))(?!\s*0*(\.0*)?\s*[a-z%]*\s*$).*$/i;
const safeStyles = Object.fromEntries(
  ['color', 'background-color', 'font-weight', 'font-style', 'font-family', 'text-align', 'text-decoration', 'margin', 'padding', 'border', 'width', 'max-width'].map(
    (p) => [p, [cssValue]],
  ),
);

export interface SanitizeOptions {
  /**
   * Where an inline image (`cid:` link) points in this copy: a `data:` URL on the review page, the
   * relay's new Content-ID in the forwarded copy; null when there is no such image (it is removed).
   */
  cid: (contentId: string) => string | null;
}

/**
 * Message HTML as the relay shows it to a reviewer and forwards it to the other participant: the ONE
 * sanitizer for both, so the child receives exactly the markup the reviewer saw. No scripts, event
 * handlers, javascript: links, style sheets, forms or embeds; no remote resource of any kind (a
 * tracking pixel tells a sender when and where the child read the message): remote images become a
 * visible "[image]" marker. Markup whose text a page hides (form fields, hidden elements) is either
 * removed (textarea, option, select: their text goes with them) or shown (hidden attributes and
 * display:none are dropped, so the text shows); screening reads all of it from the original HTML.
 * The review page also shows it in a sandboxed iframe under a CSP: a second wall, not the only one.
 */
export function sanitizeEmailHtml(input: string, options: SanitizeOptions): { html: string; removedResources: number } {
  let removedResources = 0;
  const html = sanitizeHtml(asBrowsersParseIt(input), {
    // <bdo> shows its letters in reverse: screening would read "stnerap" where the reader sees "parents".
    allowedTags: [...sanitizeHtml.defaults.allowedTags.filter((t) => t !== 'bdo'), 'img', 'font', 'center', 'span', 'u', 's'],
    disallowedTagsMode: 'discard',
    // Their text is not shown by a page: it goes with the element (screening has read it).
    nonTextTags: ['script', 'style', 'textarea', 'option', 'select', 'noscript', 'title', 'head', 'template', 'noembed', 'noframes', 'iframe', 'object'],
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'width', 'height'],
      td: ['colspan', 'rowspan', 'align', 'valign'],
      th: ['colspan', 'rowspan', 'align', 'valign'],
      font: ['color'],
      // No lang: a sender's locale says where they live.
      '*': ['style', 'align', 'dir'],
    },
    allowedStyles: { '*': { ...safeStyles, 'font-size': [visibleSize], 'line-height': [visibleSize] } },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['data', 'cid'] },
    allowProtocolRelative: false,
    transformTags: {
      img: (tagName, attribs) => {
        const src = (attribs.src ?? '').trim();
        const marker = { tagName: 'span', attribs: { title: 'image removed' }, text: attribs.alt ? `[image: ${attribs.alt}]` : '[image]' };
        // Raster images only: an SVG can draw text that nobody screens.
        if (/^data:image\/(png|gif|jpe?g|webp|bmp)[;,]/i.test(src)) return { tagName, attribs };
        if (/^cid:/i.test(src)) {
          const mapped = options.cid(src.slice(4).replace(/^<|>$/g, '').trim());
          return mapped ? { tagName, attribs: { ...attribs, src: mapped } } : marker;
        }
        if (src) removedResources++;
        return marker;
      },
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, title: attribs.href ?? '' } }),
    },
  });
  return { html, removedResources };
}

/**
 * The HTML re-written as a browser's HTML parser builds it (the WHATWG algorithm, parse5): text that
 * browsers move out of a table ("foster parenting"), misnested tags and the like end up where a mail
 * client would show them, so the sanitizer, the page, the forwarded copy and screening all read the
 * same tree a reader's client builds, not the one a lenient parser guesses.
 */
export function asBrowsersParseIt(input: string): string {
  return serialize(parse(input));
}
