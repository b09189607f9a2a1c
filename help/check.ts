/**
 * The content check, run by the test suite (help/content.test.ts) and printed by `npm run help:check`.
 *
 * Stale: a source whose `checked` date is more than `factMaxAgeDays` (settings.yaml, 365) days old. The national
 * drug list, Jiangxi's dual-channel list and the 统筹区's limits are revised every year, so a fact nobody has
 * compared with its source for a year is probably out of date; the check then fails until someone re-checks
 * the source and moves its date. Screenshots that `npm run help:screens` has not produced yet are listed as
 * pending, not failures.
 */
import { applicationStatusLabels, applicationStatuses } from '../domain/application-status';
import { helpStatusArticleSlug, type HelpCategory } from '../domain/help';
import type { HelpContent } from './content';

/** Categories whose articles state policy facts: each must cite its sources. */
const factCategories: readonly HelpCategory[] = ['policy', 'materials', 'faq'];
export const minimumFaqEntries = 30;

export interface HelpCheckReport {
  problems: string[];
  /** Expected screenshots that articles embed and whose file does not exist yet. */
  pendingScreenshots: string[];
  /** Statements the hospital still has to confirm, per article. */
  toConfirm: { slug: string; text: string }[];
  faqEntries: number;
  externalLinks: string[];
}

const dayMs = 86_400_000;
const daysBetween = (from: string, to: string) => Math.floor((Date.parse(to) - Date.parse(from)) / dayMs);

export function checkHelpContent(content: HelpContent, today: string): HelpCheckReport {
  const problems: string[] = [];
  const external = new Set<string>();
  const screenNames = new Set(content.screens.map(screen => screen.name));
  const embedded = new Set<string>();
  const usedSources = new Set<string>();
  const diseaseCodeOwners = new Map<string, string>();
  let faqEntries = 0;

  for (const article of content.articles) {
    const { frontMatter } = article;
    const where = `${frontMatter.slug}.md`;
    if (!article.html.trim()) problems.push(`${where}：渲染结果为空`);
    if (frontMatter.updated > today) problems.push(`${where}：更新日期 ${frontMatter.updated} 晚于今天`);

    for (const disease of frontMatter.materials?.diseases ?? [])
      for (const code of disease.codes) {
        const owner = diseaseCodeOwners.get(code);
        if (owner) problems.push(`${where}：病种编码 ${code} 已在 ${owner} 中列出，一个病种只能有一份材料清单`);
        else diseaseCodeOwners.set(code, where);
      }
    const materialSources = (frontMatter.materials?.items ?? []).map(item => item.source);
    const used = new Set([...article.citations, ...materialSources]);
    for (const id of used) usedSources.add(id);
    for (const id of materialSources)
      if (!content.sources.has(id)) problems.push(`${where}：材料引用了不存在的资料来源 ${id}`);
    for (const id of used)
      if (!frontMatter.sources.includes(id))
        problems.push(`${where}：引用了 ${id}，但 front matter 的 sources 没有列出`);
    for (const id of frontMatter.sources) {
      if (!content.sources.has(id)) problems.push(`${where}：sources 中的 ${id} 在 sources.yaml 中不存在`);
      else if (!used.has(id)) problems.push(`${where}：sources 列出了 ${id}，但正文和材料都没有引用`);
    }
    if (factCategories.includes(frontMatter.category) && !used.size)
      problems.push(`${where}：政策、材料和常见问题类文章必须注明资料来源`);
    const uncertain = [...used].some(id => {
      const reliability = content.sources.get(id)?.reliability;
      return reliability === 'secondary' || reliability === 'other_province';
    });
    if (uncertain && !article.toConfirm.length)
      problems.push(`${where}：引用了二手或外省资料，却没有“请向医保办确认”的提示（::: confirm）`);

    for (const link of article.links) {
      if (link.kind === 'external') external.add(link.href);
      else if (link.kind === 'other')
        problems.push(`${where}：链接「${link.href}」应是文章（xxx.md#标题）、本文标题（#标题）或 http(s) 网址`);
      else {
        const target = content.bySlug.get(link.slug);
        if (!target) problems.push(`${where}：链接指向不存在的文章 ${link.slug}`);
        else if (link.anchor && !target.headingIds.includes(link.anchor))
          problems.push(`${where}：链接指向 ${link.slug} 中不存在的标题 #${link.anchor}`);
      }
    }
    for (const name of article.screenshots) {
      embedded.add(name);
      if (!screenNames.has(name)) problems.push(`${where}：截图 ${name} 不在 screens.yaml 的清单中`);
    }
    if (frontMatter.category === 'faq') {
      const questions = article.sections.filter(section => section.level === 2);
      faqEntries += questions.length;
      for (const question of questions) {
        if (!question.title?.endsWith('？')) problems.push(`${where}：常见问题「${question.title}」应以问号结尾`);
        if (question.text.trim().length < 10) problems.push(`${where}：常见问题「${question.title}」没有回答`);
      }
    }
  }

  for (const [id, source] of content.sources) {
    if (!usedSources.has(id)) problems.push(`sources.yaml：资料来源 ${id} 没有文章引用`);
    const age = daysBetween(source.checked, today);
    if (age > content.settings.factMaxAgeDays)
      problems.push(
        `sources.yaml：资料来源 ${id} 的核对日期 ${source.checked} 已过去 ${age} 天（上限 ${content.settings.factMaxAgeDays} 天），请重新核对并更新 checked`
      );
    if (age < 0) problems.push(`sources.yaml：资料来源 ${id} 的核对日期 ${source.checked} 晚于今天`);
  }

  const statusArticle = content.bySlug.get(helpStatusArticleSlug);
  if (!statusArticle) problems.push(`缺少申请状态说明文章 ${helpStatusArticleSlug}.md`);
  for (const status of applicationStatuses) {
    const explanation = content.statusExplanations.find(candidate => candidate.status === status);
    const section = statusArticle?.sections.find(candidate => candidate.id === status);
    if (!section)
      problems.push(`${helpStatusArticleSlug}.md：缺少状态「${applicationStatusLabels[status]}」（#${status}）的说明`);
    else if (section.title !== applicationStatusLabels[status])
      problems.push(`${helpStatusArticleSlug}.md：#${status} 的标题应为「${applicationStatusLabels[status]}」`);
    else if (!explanation || explanation.meaning.length < 10 || explanation.whatToDo.length < 10)
      problems.push(
        `${helpStatusArticleSlug}.md：状态「${applicationStatusLabels[status]}」要写明“这是什么意思”和“您需要做什么”`
      );
  }

  if (faqEntries < minimumFaqEntries) problems.push(`常见问题只有 ${faqEntries} 条，至少需要 ${minimumFaqEntries} 条`);

  return {
    problems,
    pendingScreenshots: [...embedded].filter(name => !content.readyScreens.has(name)).sort(),
    toConfirm: content.articles.flatMap(article =>
      article.toConfirm.map(text => ({ slug: article.frontMatter.slug, text }))
    ),
    faqEntries,
    externalLinks: [...external].sort()
  };
}
