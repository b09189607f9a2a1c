/**
 * A help article's sanitized HTML made ready for `rich-text`, which shows HTML the same way in H5 and WeChat
 * but lets nothing inside it be tapped in WeChat and reads no page style there. So the article is cut into
 * its top-level blocks (one `rich-text` each, so a heading can be scrolled to and a paragraph's links can be
 * offered when it is tapped), every element gets its style inline, and the links are read out.
 *
 * The HTML is the help API's own output: sanitize-html's fixed tag set, double-quoted attributes, every
 * element closed. Cutting it at its top level needs only a scan of the tags; a general HTML parser would add
 * tens of kilobytes to the package for nothing more.
 */
import {
  helpCategories,
  helpCategoryLabels,
  type HelpArticleSummary,
  type HelpAudience,
  type HelpCategory
} from '../../../domain/help';

/** A link to another article (or a part of this one), as the API writes it: `data-help-slug` / `data-help-anchor`. */
export interface ArticleLink {
  slug: string;
  anchor: string | null;
  text: string;
}

export interface ArticleBlock {
  html: string;
  /** Element ids inside the block (heading anchors, footnotes). */
  ids: string[];
  links: ArticleLink[];
  /** Links to outside pages (a source's official text). */
  external: { href: string; text: string }[];
}

const voidTags = new Set(['img', 'br', 'hr']);
const tagPattern = /<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9-]*(?:="[^"]*")?)*)\s*(\/?)>/g;
const attributePattern = /([a-z][a-z0-9-]*)(?:="([^"]*)")?/g;

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", nbsp: ' ' };
function decodeEntities(text: string): string {
  return text.replace(/&(#?[a-z0-9]+);/gi, (whole, name: string) => entities[name.toLowerCase()] ?? whole);
}

function attributes(text: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [, name, value] of text.matchAll(attributePattern)) if (name) found[name] = decodeEntities(value ?? '');
  return found;
}

function plainText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, '')).trim();
}

/**
 * Styles in px (rich-text does not take rpx), for a 17 px body: headings stand out, links look like links,
 * the hospital's notes to confirm are boxed, the sources are quieter.
 */
const styleByClass: Record<string, string> = {
  'help-confirm': 'background:#fff6dc;border-left:4px solid #c99700;border-radius:6px;padding:6px 12px;margin:12px 0;',
  'help-confirm-title': 'font-weight:700;color:#6b4f00;margin:4px 0;',
  'help-sources': 'font-size:14px;color:#4a4a4a;border-top:1px solid #d9dedb;margin-top:20px;padding-top:8px;',
  'help-sources-title': 'font-weight:700;margin:4px 0;',
  'footnote-backref': 'display:none;',
  'footnote-ref': 'font-size:12px;line-height:1;'
};
const styleByTag: Record<string, string> = {
  h2: 'font-size:21px;font-weight:700;line-height:1.4;margin:22px 0 8px;color:#0b4f39;',
  h3: 'font-size:19px;font-weight:700;line-height:1.4;margin:16px 0 6px;',
  h4: 'font-size:18px;font-weight:700;margin:12px 0 4px;',
  p: 'margin:8px 0;',
  ul: 'margin:6px 0;padding-left:24px;',
  ol: 'margin:6px 0;padding-left:24px;',
  li: 'margin:6px 0;',
  a: 'color:#0b6e4f;text-decoration:underline;',
  strong: 'font-weight:700;',
  img: 'max-width:100%;height:auto;display:block;margin:8px 0;border:1px solid #d9dedb;',
  table: 'border-collapse:collapse;width:100%;',
  th: 'border:1px solid #c9cfcc;padding:4px 6px;background:#eef3f0;',
  td: 'border:1px solid #c9cfcc;padding:4px 6px;',
  blockquote: 'margin:8px 0;padding-left:12px;border-left:4px solid #c9cfcc;color:#3c3c3c;'
};

function styledTag(
  tag: string,
  attributeText: string,
  resolveUrl: (path: string) => string,
  selfClosing: boolean
): string {
  const attrs = attributes(attributeText);
  const classes = (attrs.class ?? '').split(/\s+/).filter(Boolean);
  const style = [styleByTag[tag] ?? '', ...classes.map(name => styleByClass[name] ?? ''), attrs.style ?? ''].join('');
  const kept = Object.entries(attrs)
    .filter(([name]) => name !== 'style')
    .map(([name, value]) => {
      const shown = tag === 'img' && name === 'src' ? resolveUrl(value) : value;
      return ` ${name}="${shown.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`;
    })
    .join('');
  return `<${tag}${kept}${style ? ` style="${style}"` : ''}${selfClosing ? ' />' : '>'}`;
}

function readBlock(html: string, styled: string): ArticleBlock {
  const ids = [...html.matchAll(/\sid="([^"]*)"/g)].map(([, id = '']) => decodeEntities(id));
  const links: ArticleLink[] = [];
  const external: ArticleBlock['external'] = [];
  for (const [, attributeText = '', inner = ''] of html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/g)) {
    const attrs = attributes(attributeText);
    const text = plainText(inner);
    const slug = attrs['data-help-slug'];
    if (slug) links.push({ slug, anchor: attrs['data-help-anchor'] ?? null, text });
    else if (/^https?:\/\//.test(attrs.href ?? '')) external.push({ href: attrs.href ?? '', text });
  }
  return { html: styled, ids, links, external };
}

/** A paragraph holding only a screenshot that is not made yet says nothing to a patient: it is left out. */
const pendingScreenshotOnly = /^<p><span class="help-screenshot-pending"[^>]*>[^<]*<\/span><\/p>$/;

/**
 * The article's top-level blocks, styled for rich-text. `resolveUrl` makes an image path absolute where the
 * build needs it (WeChat loads pictures from the API's origin).
 */
export function articleBlocks(html: string, resolveUrl: (path: string) => string = path => path): ArticleBlock[] {
  const blocks: ArticleBlock[] = [];
  const add = (original: string, styled: string) => {
    if (original && !pendingScreenshotOnly.test(original)) blocks.push(readBlock(original, styled));
  };
  let depth = 0;
  let blockStart = 0;
  let styled = '';
  /** Where the text not yet copied into `styled` begins. */
  let cursor = 0;
  for (const match of html.matchAll(tagPattern)) {
    const [whole, closing, tag = '', attributeText = '', selfClosing] = match;
    if (depth === 0) {
      const loose = html.slice(cursor, match.index).trim();
      if (loose) add(loose, `<p style="${styleByTag.p}">${loose}</p>`);
      blockStart = match.index;
      styled = '';
    } else {
      styled += html.slice(cursor, match.index);
    }
    styled += closing ? whole : styledTag(tag, attributeText, resolveUrl, Boolean(selfClosing));
    cursor = match.index + whole.length;
    if (closing) depth = Math.max(0, depth - 1);
    else if (!selfClosing && !voidTags.has(tag)) depth += 1;
    if (depth === 0) add(html.slice(blockStart, cursor).trim(), styled);
  }
  const rest = html.slice(cursor).trim();
  if (rest) add(rest, `<p style="${styleByTag.p}">${rest}</p>`);
  return blocks;
}

/** The block holding the element with this id (a heading's anchor), if any. */
export function blockOfAnchor(blocks: readonly ArticleBlock[], anchor: string): number | undefined {
  const index = blocks.findIndex(block => block.ids.includes(anchor));
  return index < 0 ? undefined : index;
}

export interface HelpCategoryGroup {
  category: HelpCategory;
  label: string;
  articles: HelpArticleSummary[];
}

/**
 * The help home: the articles for these readers (a patient's, or a doctor's too), by category in the
 * server's order (policy, guide, materials, status, FAQ, contact), each category by its own order.
 */
export function articlesByCategory(
  articles: readonly HelpArticleSummary[],
  readers: readonly HelpAudience[]
): HelpCategoryGroup[] {
  return helpCategories
    .map(category => ({
      category,
      label: helpCategoryLabels[category],
      articles: articles
        .filter(article => article.category === category && article.audience.some(who => readers.includes(who)))
        .sort((a, b) => a.order - b.order || a.title.localeCompare(b.title, 'zh-CN'))
    }))
    .filter(group => group.articles.length > 0);
}

/** A search hit's snippet cut into plain and emphasised parts, from the server's [start, end) ranges. */
export function snippetParts(
  snippet: string,
  highlights: readonly [number, number][]
): { text: string; hit: boolean }[] {
  const parts: { text: string; hit: boolean }[] = [];
  let at = 0;
  for (const [start, rangeEnd] of [...highlights].sort((a, b) => a[0] - b[0])) {
    const end = Math.min(rangeEnd, snippet.length);
    if (start < at || end <= start) continue;
    if (start > at) parts.push({ text: snippet.slice(at, start), hit: false });
    parts.push({ text: snippet.slice(start, end), hit: true });
    at = end;
  }
  if (at < snippet.length) parts.push({ text: snippet.slice(at), hit: false });
  return parts;
}
