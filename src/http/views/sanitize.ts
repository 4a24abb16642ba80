import sanitizeHtml from 'sanitize-html';

// CSS values that cannot reach the network: no url(), no expression(), no escapes.
const cssValue = /^(?!.*(url|expression|image-set|\\)).*$/i;
const safeStyles = Object.fromEntries(
  ['color', 'background-color', 'font-weight', 'font-style', 'font-size', 'font-family', 'text-align', 'text-decoration', 'line-height', 'margin', 'padding', 'border', 'width', 'max-width'].map(
    (p) => [p, [cssValue]],
  ),
);

/**
 * Message HTML made safe to show to a reviewer: no scripts, no event handlers, no javascript:
 * links, no style sheets, no CSS that loads anything, no forms or embeds; remote images only when
 * the reviewer asks for them (a tracking pixel tells the sender the message was read). It is shown
 * inside a sandboxed iframe under a CSP as well: this is the first of two walls, not the only one.
 */
export function sanitizeEmailHtml(input: string, options: { remoteImages: boolean }): { html: string; blockedImages: number } {
  let blockedImages = 0;
  const html = sanitizeHtml(input, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'font', 'center', 'span', 'u', 's'],
    disallowedTagsMode: 'discard',
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'width', 'height'],
      td: ['colspan', 'rowspan', 'align', 'valign'],
      th: ['colspan', 'rowspan', 'align', 'valign'],
      font: ['color'],
      '*': ['style', 'align', 'dir', 'lang'],
    },
    allowedStyles: { '*': safeStyles },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: options.remoteImages ? ['https', 'data'] : ['data'] },
    allowProtocolRelative: false,
    transformTags: {
      img: (tagName, attribs) => {
        const src = attribs.src ?? '';
        if (!options.remoteImages && !src.startsWith('data:')) {
          blockedImages++;
          return { tagName: 'span', attribs: { title: 'remote image hidden' }, text: attribs.alt ? `[image: ${attribs.alt}]` : '[image]' };
        }
        return { tagName, attribs };
      },
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, title: attribs.href ?? '' } }),
    },
  });
  return { html, blockedImages };
}
