/**
 * Loads the help centre's content once: the articles (Markdown with front matter), the sources their facts
 * cite, the hospital's settings (contact details) and the list of expected screenshots. Each article is
 * rendered to sanitized HTML, split into sections for search, and its links, screenshots, citations and
 * "to confirm" notes are collected for the content check (help/check.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import MarkdownIt, { type Env, type Token } from 'markdown-it';
import anchor from 'markdown-it-anchor';
import attrs from 'markdown-it-attrs';
import container from 'markdown-it-container';
import footnote from 'markdown-it-footnote';
import sanitizeHtml from 'sanitize-html';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { applicationStatusLabels, applicationStatuses, type ApplicationStatus } from '../domain/application-status';
import {
  helpFrontMatterSchema,
  helpSourceSchema,
  helpStatusArticleSlug,
  helpStatusMarkers,
  type HelpFrontMatter,
  type HelpMaterialsBlock,
  type HelpSource,
  type HelpStatusExplanation
} from '../domain/help';

/** help/ itself: the content files sit beside this module. */
export const helpContentDir = fileURLToPath(new URL('.', import.meta.url));

/** A value the hospital gives in settings.yaml; `value: null` until it is known. */
const settingValueSchema = z
  .object({ label: z.string().min(2), value: z.string().min(1).nullable(), confirmed: z.boolean().default(false) })
  .strict();

export const helpSettingsSchema = z
  .object({
    /** A source whose `checked` date is older than this many days is stale and fails the content check. */
    factMaxAgeDays: z.number().int().min(30).max(1000),
    values: z.record(z.string().regex(/^[a-z]+(?:\.[a-z]+)*$/), settingValueSchema)
  })
  .strict();
export type HelpSettings = z.infer<typeof helpSettingsSchema>;

/** Screenshots the articles may embed; `npm run help:screens` writes them to help/screens/. */
export const helpScreenSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\.png$/, '截图文件名应为小写字母、数字、连字符加 .png'),
    front: z.enum(['miniapp', 'web']),
    actor: z.enum(['patient', 'doctor', 'admin']),
    shows: z.string().min(4)
  })
  .strict();
export type HelpScreen = z.infer<typeof helpScreenSchema>;

export type HelpLink =
  | { kind: 'article'; href: string; slug: string; anchor: string | null }
  | { kind: 'external'; href: string }
  | { kind: 'other'; href: string };

export interface HelpSectionText {
  id: string | null;
  title: string | null;
  level: number;
  text: string;
}

export interface LoadedArticle {
  file: string;
  frontMatter: HelpFrontMatter;
  /** The body after settings were filled in, with the cited sources appended as footnote definitions. */
  markdown: string;
  html: string;
  sections: HelpSectionText[];
  headingIds: string[];
  links: HelpLink[];
  /** Screenshot file names named by images `screens/NAME`. */
  screenshots: string[];
  /** Source ids cited as footnotes `[^id]` in the body. */
  citations: string[];
  /** Plain text of each `::: confirm` block and of each placeholder the hospital has not filled in. */
  toConfirm: string[];
}

export interface HelpContent {
  dir: string;
  /** Hash of every content file: changes with any edit. */
  version: string;
  settings: HelpSettings;
  sources: Map<string, HelpSource>;
  screens: HelpScreen[];
  /** Names of expected screenshots whose file exists in help/screens/. */
  readyScreens: Set<string>;
  articles: LoadedArticle[];
  bySlug: Map<string, LoadedArticle>;
  statusExplanations: HelpStatusExplanation[];
}

/** The files cannot be served as they are: the message lists every problem found. */
export class HelpContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`帮助内容有 ${problems.length} 处错误：\n${problems.map(problem => `- ${problem}`).join('\n')}`);
    this.name = 'HelpContentError';
  }
}

const frontMatterPattern = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;
const placeholderPattern = /\{\{\s*([a-z.]+)\s*\}\}/g;
const citationPattern = /\[\^([A-Za-z][A-Za-z0-9-]*)\]/g;
const screenshotPrefix = 'screens/';

/** Heading ids: letters, digits and Chinese characters kept, everything else one hyphen. */
export function headingSlug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

type Markdown = InstanceType<typeof MarkdownIt>;

/** An attribute as text (markdown-it types attributes as string | number). */
function attribute(token: Token, name: string): string {
  const value = token.attrGet(name);
  return value === null ? '' : String(value);
}

function createRenderer(): Markdown {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false })
    .use(attrs, { allowedAttributes: ['id'] })
    .use(anchor, { slugify: headingSlug, failOnNonUnique: true, tabIndex: false })
    .use(footnote)
    .use(container, 'confirm', {
      render: (tokens: Token[], index: number) =>
        tokens[index]?.nesting === 1
          ? '<div class="help-confirm"><p class="help-confirm-title">请向医保办确认</p>\n'
          : '</div>\n'
    });
  // One number per source, however often it is cited ("[2]", not markdown-it-footnote's "[2:1]").
  md.renderer.rules.footnote_caption = (tokens, index) => `[${Number(tokens[index]?.meta?.id ?? 0) + 1}]`;
  // One way back per source: the link to its first citation.
  const backLink = md.renderer.rules.footnote_anchor!;
  md.renderer.rules.footnote_anchor = (tokens, index, options, env, self) =>
    Number(tokens[index]?.meta?.subId ?? 0) > 0 ? '' : backLink(tokens, index, options, env, self);
  md.renderer.rules.footnote_block_open = () =>
    '<div class="footnotes help-sources">\n<p class="help-sources-title">资料来源</p>\n<ol class="footnotes-list">\n';
  md.renderer.rules.footnote_block_close = () => '</ol>\n</div>\n';
  md.renderer.rules.link_open = (tokens, index, options, env, self) => {
    const token = tokens[index]!;
    const link = classifyLink(attribute(token, 'href'), (env as RenderEnv).slug);
    if (link.kind === 'article') {
      token.attrSet('href', `/help/${link.slug}${link.anchor ? `#${encodeURIComponent(link.anchor)}` : ''}`);
      token.attrSet('data-help-slug', link.slug);
      if (link.anchor) token.attrSet('data-help-anchor', link.anchor);
    } else if (link.kind === 'external') {
      token.attrSet('rel', 'noopener noreferrer');
      token.attrSet('target', '_blank');
    }
    return self.renderToken(tokens, index, options);
  };
  md.renderer.rules.image = (tokens, index, _options, env) => {
    const token = tokens[index]!;
    const source = attribute(token, 'src');
    const alt = md.utils.escapeHtml(token.content);
    if (!source.startsWith(screenshotPrefix)) return `<span class="help-image-missing">${alt}</span>`;
    const name = source.slice(screenshotPrefix.length);
    if ((env as RenderEnv).readyScreens.has(name))
      return `<img src="/api/help/screens/${encodeURIComponent(name)}" alt="${alt}" data-screenshot="${md.utils.escapeHtml(name)}">`;
    return `<span class="help-screenshot-pending" data-screenshot="${md.utils.escapeHtml(name)}">（截图：${alt}）</span>`;
  };
  return md;
}

interface RenderEnv extends Env {
  /** The article being rendered: same-article anchors (`#id`) link to it. */
  slug: string;
  readyScreens: Set<string>;
}

function classifyLink(href: string, slug: string): HelpLink {
  const article = /^(?:\.\/)?([a-z0-9-]+)\.md(?:#(.+))?$/.exec(href);
  if (article) return { kind: 'article', href, slug: article[1]!, anchor: article[2] ? safeDecode(article[2]) : null };
  if (href.startsWith('#') && href.length > 1)
    return { kind: 'article', href, slug, anchor: safeDecode(href.slice(1)) };
  if (/^https?:\/\/[^\s/]+/.test(href)) return { kind: 'external', href };
  return { kind: 'other', href };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Only what Markdown produces, without scripts, styles or event handlers (the HTML is served to browsers); plain
 * div rather than section/aside, so the mini-program's rich-text component shows it like a browser does.
 */
const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'p',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'strong',
    'em',
    'blockquote',
    'code',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'hr',
    'sup',
    'div',
    'span',
    'br'
  ],
  allowedAttributes: {
    a: ['href', 'id', 'class', 'rel', 'target', 'data-help-slug', 'data-help-anchor'],
    img: ['src', 'alt', 'data-screenshot'],
    span: ['class', 'data-screenshot'],
    h2: ['id'],
    h3: ['id'],
    h4: ['id'],
    li: ['id', 'class'],
    th: ['style'],
    td: ['style'],
    '*': ['class']
  },
  allowedStyles: { '*': { 'text-align': [/^(?:left|right|center)$/] } },
  allowedSchemes: ['http', 'https'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false
};

/** `{{materials}}` in a body: where the list from the front matter goes (written once, shown and served). */
const materialsPlaceholder = 'materials';

function materialsMarkdown(block: HelpMaterialsBlock | undefined): string {
  if (!block) return '';
  const lines: string[] = [];
  if (block.scope === 'disease')
    lines.push(`适用病种：${block.diseases.map(disease => disease.name).join('、')}。`, '');
  for (const item of block.items) {
    const when = item.required ? '' : '（部分情况需要）';
    lines.push(`- **${item.name}**${when}${item.detail ? `：${item.detail}` : ''}[^${item.source}]`);
  }
  return lines.join('\n');
}

/** 2021-05-10 → 2021年5月10日: how dates are read aloud and printed in Chinese documents. */
export function chineseDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

function footnoteDefinition(source: HelpSource): string {
  const parts = [source.title, source.issuer];
  if (source.number) parts.push(source.number);
  if (source.published) parts.push(`${chineseDate(source.published)}发布`);
  let text = `${parts.join('，')}。`;
  if (source.url) text += `网址：<${source.url}>。`;
  if (source.reliability === 'secondary') text += '此为二手资料，医院尚未与原文逐条核对。';
  if (source.reliability === 'other_province') text += '此为外省做法，仅供参考。';
  if (source.note) text += `${source.note}。`;
  text += `核对日期：${chineseDate(source.checked)}。`;
  return text;
}

function parseYamlFile(name: string, text: string, problems: string[]): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    problems.push(`${name}：${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function zodProblems(where: string, error: z.ZodError): string[] {
  return error.issues.map(issue => `${where}：${issue.path.join('.') || '(根)'} ${issue.message}`);
}

function inlineText(token: Token): string {
  return (token.children ?? [])
    .map(child => {
      if (child.type === 'text' || child.type === 'code_inline') return child.content;
      if (child.type === 'softbreak' || child.type === 'hardbreak') return ' ';
      return '';
    })
    .join('');
}

interface Collected {
  sections: HelpSectionText[];
  headingIds: string[];
  links: HelpLink[];
  screenshots: string[];
  confirmTexts: string[];
}

/** Walks the parsed tokens once: sections with their plain text, heading ids, links, screenshots, confirm notes. */
function collect(tokens: Token[], slug: string): Collected {
  const sections: HelpSectionText[] = [{ id: null, title: null, level: 1, text: '' }];
  const collected: Collected = { sections, headingIds: [], links: [], screenshots: [], confirmTexts: [] };
  let inFootnotes = false;
  let confirmDepth = 0;
  let confirmText = '';
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (token.type === 'footnote_block_open') inFootnotes = true;
    if (token.type === 'footnote_block_close') inFootnotes = false;
    if (token.type === 'container_confirm_open') {
      confirmDepth += 1;
      confirmText = '';
    }
    if (token.type === 'container_confirm_close') {
      confirmDepth -= 1;
      // With its heading, so the 医保办's list of things to confirm reads on its own.
      const heading = sections[sections.length - 1]!.title;
      collected.confirmTexts.push(`${heading ? `【${heading}】` : ''}${confirmText.trim()}`);
    }
    if (token.type === 'heading_open') {
      const id = attribute(token, 'id');
      collected.headingIds.push(id);
      const level = Number(token.tag.slice(1));
      const title = inlineText(tokens[index + 1]!);
      if (level === 2 || level === 3) sections.push({ id, title, level, text: '' });
      index += 2;
      continue;
    }
    if (token.type !== 'inline') continue;
    for (const child of token.children ?? []) {
      if (child.type === 'link_open') collected.links.push(classifyLink(attribute(child, 'href'), slug));
      if (child.type === 'image') {
        const source = attribute(child, 'src');
        if (source.startsWith(screenshotPrefix)) collected.screenshots.push(source.slice(screenshotPrefix.length));
        else collected.links.push({ kind: 'other', href: source });
      }
    }
    if (inFootnotes) continue;
    const text = inlineText(token);
    sections[sections.length - 1]!.text += `${text}\n`;
    if (confirmDepth > 0) confirmText += text;
  }
  collected.sections = sections.filter(section => section.id !== null || section.text.trim());
  return collected;
}

function loadArticle(
  file: string,
  text: string,
  context: { md: Markdown; settings: HelpSettings; sources: Map<string, HelpSource>; readyScreens: Set<string> },
  problems: string[]
): LoadedArticle | undefined {
  const name = path.basename(file);
  const match = frontMatterPattern.exec(text);
  if (!match) {
    problems.push(`${name}：缺少开头的 front matter（--- … ---）`);
    return undefined;
  }
  let raw: unknown;
  try {
    raw = parseYaml(match[1]!);
  } catch (error) {
    problems.push(`${name}：front matter 不是有效的 YAML：${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const parsed = helpFrontMatterSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(...zodProblems(name, parsed.error));
    return undefined;
  }
  const frontMatter = parsed.data;
  if (`${frontMatter.slug}.md` !== name) problems.push(`${name}：slug「${frontMatter.slug}」应与文件名一致`);

  const toConfirm: string[] = [];
  const body = text.slice(match[0].length).replace(placeholderPattern, (whole, key: string) => {
    if (key === materialsPlaceholder) {
      if (!frontMatter.materials) problems.push(`${name}：正文有 ${whole}，但 front matter 没有 materials`);
      return materialsMarkdown(frontMatter.materials);
    }
    const setting = context.settings.values[key];
    if (!setting) {
      problems.push(`${name}：占位符 ${whole} 在 settings.yaml 中没有定义`);
      return whole;
    }
    if (setting.value === null || !setting.confirmed) toConfirm.push(`${setting.label}（settings.yaml 的 ${key}）`);
    return setting.value ?? `【待医院确认：${setting.label}】`;
  });

  const placed = [...text.matchAll(placeholderPattern)].filter(found => found[1] === materialsPlaceholder).length;
  if (frontMatter.materials && placed !== 1)
    problems.push(`${name}：有 materials 的文章要在正文中放一次 {{${materialsPlaceholder}}}，标出清单的位置`);

  const citations = [...new Set([...body.matchAll(citationPattern)].map(found => found[1]!))];
  const definitions: string[] = [];
  for (const id of citations) {
    const source = context.sources.get(id);
    if (!source) problems.push(`${name}：引用了 sources.yaml 中没有的资料来源 [^${id}]`);
    else definitions.push(`[^${id}]: ${footnoteDefinition(source)}`);
  }
  const markdown = definitions.length ? `${body.trimEnd()}\n\n${definitions.join('\n')}\n` : body;

  let tokens: Token[];
  let collected: Collected;
  let html: string;
  try {
    const env: RenderEnv = { slug: frontMatter.slug, readyScreens: context.readyScreens };
    tokens = context.md.parse(markdown, env);
    // Before rendering: the renderer rewrites links in the tokens.
    collected = collect(tokens, frontMatter.slug);
    html = sanitizeHtml(context.md.renderer.render(tokens, context.md.options, env), sanitizeOptions);
  } catch (error) {
    problems.push(`${name}：无法渲染：${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  if (tokens.some(token => token.type === 'heading_open' && token.tag === 'h1'))
    problems.push(`${name}：正文不要用一级标题（标题写在 front matter 的 title）`);
  return {
    file,
    frontMatter,
    markdown,
    html,
    sections: collected.sections,
    headingIds: collected.headingIds,
    links: collected.links,
    screenshots: collected.screenshots,
    citations,
    toConfirm: [...collected.confirmTexts, ...toConfirm]
  };
}

/** The two parts of each status's section in the status article (help/check.ts checks that all are there). */
function statusExplanationsOf(article: LoadedArticle | undefined): HelpStatusExplanation[] {
  if (!article) return [];
  const explanations: HelpStatusExplanation[] = [];
  for (const section of article.sections) {
    if (!section.id || !(applicationStatuses as readonly string[]).includes(section.id)) continue;
    const status = section.id as ApplicationStatus;
    const text = section.text.replace(/\s+/g, ' ');
    const meaningAt = text.indexOf(helpStatusMarkers.meaning);
    const whatToDoAt = text.indexOf(helpStatusMarkers.whatToDo);
    if (meaningAt < 0 || whatToDoAt < meaningAt) continue;
    explanations.push({
      status,
      label: applicationStatusLabels[status],
      meaning: text.slice(meaningAt + helpStatusMarkers.meaning.length, whatToDoAt).trim(),
      whatToDo: text.slice(whatToDoAt + helpStatusMarkers.whatToDo.length).trim(),
      slug: article.frontMatter.slug
    });
  }
  return explanations.sort((a, b) => applicationStatuses.indexOf(a.status) - applicationStatuses.indexOf(b.status));
}

/**
 * Reads and renders everything under `dir` (help/ by default). Throws HelpContentError when a file cannot be
 * served as it is (invalid YAML or front matter, a slug that is not the file name, an unknown placeholder or
 * source); everything else is for the content check.
 */
export function loadHelpContent(dir: string = helpContentDir): HelpContent {
  const problems: string[] = [];
  const hash = crypto.createHash('sha256');
  const read = (file: string) => {
    const text = fs.readFileSync(file, 'utf8');
    hash.update(path.relative(dir, file)).update('\0').update(text).update('\0');
    return text;
  };

  const yamlFile = (name: string) => parseYamlFile(name, read(path.join(dir, name)), problems);

  const settingsResult = helpSettingsSchema.safeParse(yamlFile('settings.yaml'));
  if (!settingsResult.success) problems.push(...zodProblems('settings.yaml', settingsResult.error));

  const sources = new Map<string, HelpSource>();
  const sourcesResult = z.array(helpSourceSchema).safeParse(yamlFile('sources.yaml'));
  if (!sourcesResult.success) problems.push(...zodProblems('sources.yaml', sourcesResult.error));
  for (const source of sourcesResult.data ?? []) {
    if (sources.has(source.id)) problems.push(`sources.yaml：资料来源 ${source.id} 重复`);
    sources.set(source.id, source);
  }

  const screensResult = z.array(helpScreenSchema).safeParse(yamlFile('screens.yaml'));
  if (!screensResult.success) problems.push(...zodProblems('screens.yaml', screensResult.error));
  const screens = screensResult.data ?? [];
  const screenDir = path.join(dir, 'screens');
  const readyScreens = new Set(
    screens.map(screen => screen.name).filter(name => fs.existsSync(path.join(screenDir, name)))
  );
  // A produced screenshot changes the HTML (an image instead of a caption), so it changes the version too.
  hash.update([...readyScreens].join('\0'));

  if (problems.length || !settingsResult.success) throw new HelpContentError(problems);
  const md = createRenderer();
  const articleDir = path.join(dir, 'articles');
  const articles: LoadedArticle[] = [];
  for (const name of fs
    .readdirSync(articleDir)
    .filter(file => file.endsWith('.md'))
    .sort()) {
    const file = path.join(articleDir, name);
    const article = loadArticle(
      file,
      read(file),
      { md, settings: settingsResult.data, sources, readyScreens },
      problems
    );
    if (article) articles.push(article);
  }
  const bySlug = new Map<string, LoadedArticle>();
  for (const article of articles) {
    if (bySlug.has(article.frontMatter.slug)) problems.push(`文章标识 ${article.frontMatter.slug} 重复`);
    bySlug.set(article.frontMatter.slug, article);
  }
  if (problems.length) throw new HelpContentError(problems);
  articles.sort(
    (a, b) => a.frontMatter.order - b.frontMatter.order || a.frontMatter.slug.localeCompare(b.frontMatter.slug, 'en')
  );
  return {
    dir,
    version: hash.digest('hex').slice(0, 16),
    settings: settingsResult.data,
    sources,
    screens,
    readyScreens,
    articles,
    bySlug,
    statusExplanations: statusExplanationsOf(bySlug.get(helpStatusArticleSlug))
  };
}
