/**
 * "What to prepare for this disease": the general list of the application's kind plus the disease's own list,
 * from the materials blocks in the articles' front matter. The disease is found by its code, or — for a code
 * the files do not list (Jiangxi's catalogue may use local codes) — by its catalogue name.
 */
import type { ApplicationKind } from '../domain/application';
import type { HelpDiseaseClass, HelpMaterials, HelpSource } from '../domain/help';
import type { HelpContent, LoadedArticle } from './content';

export interface CatalogueDisease {
  name: string;
  majorClassName: string | null;
}

const normalise = (name: string) => name.normalize('NFKC').replace(/\s+/g, '');

function findDiseaseClass(
  articles: LoadedArticle[],
  code: string,
  catalogue: CatalogueDisease | undefined
): { article: LoadedArticle; diseaseClass: HelpDiseaseClass; matchedBy: 'code' | 'name' } | undefined {
  for (const article of articles)
    for (const diseaseClass of article.frontMatter.materials?.diseases ?? [])
      if (diseaseClass.codes.includes(code)) return { article, diseaseClass, matchedBy: 'code' };
  if (!catalogue) return undefined;
  const name = normalise(catalogue.name);
  for (const article of articles)
    for (const diseaseClass of article.frontMatter.materials?.diseases ?? [])
      if ([diseaseClass.name, ...diseaseClass.aliases].some(candidate => normalise(candidate) === name))
        return { article, diseaseClass, matchedBy: 'name' };
  return undefined;
}

export function materialsFor(
  content: HelpContent,
  query: { kind: ApplicationKind; diseaseCode?: string | undefined },
  catalogue?: CatalogueDisease
): HelpMaterials {
  const ofKind = content.articles.filter(article => article.frontMatter.materials?.kind === query.kind);
  const groups: HelpMaterials['groups'] = [];
  for (const article of ofKind.filter(candidate => candidate.frontMatter.materials?.scope === 'general'))
    groups.push({
      title: article.frontMatter.materials!.groupTitle ?? '都要准备',
      slug: article.frontMatter.slug,
      articleTitle: article.frontMatter.title,
      items: article.frontMatter.materials!.items
    });

  // Kinds whose materials differ by disease (门诊慢特病) have disease-scoped articles; the others do not.
  const byDisease = ofKind.filter(candidate => candidate.frontMatter.materials?.scope === 'disease');
  const found =
    query.diseaseCode && byDisease.length > 0 ? findDiseaseClass(byDisease, query.diseaseCode, catalogue) : undefined;
  if (found)
    groups.push({
      title: `${found.diseaseClass.name}还要准备`,
      slug: found.article.frontMatter.slug,
      articleTitle: found.article.frontMatter.title,
      items: found.article.frontMatter.materials!.items
    });

  const sources: HelpSource[] = [];
  for (const id of new Set(groups.flatMap(group => group.items.map(item => item.source)))) {
    const source = content.sources.get(id);
    if (source) sources.push(source);
  }
  const notices: string[] = [];
  if (query.diseaseCode && byDisease.length > 0 && !found)
    notices.push('这个病种还没有整理专门的材料要求。请先准备下面的通用材料，并向医保办咨询还要带什么。');
  if (sources.some(source => source.reliability !== 'official' && source.reliability !== 'hospital'))
    notices.push('这些要求整理自公开资料，医院医保办还没有逐条核对。提交前请向医保办确认。');
  else notices.push('材料以医保部门和本院医保办的要求为准。');

  return {
    kind: query.kind,
    disease: query.diseaseCode ? { code: query.diseaseCode, name: catalogue?.name ?? null } : null,
    matchedBy: found?.matchedBy ?? 'none',
    diseaseClass: found?.diseaseClass.name ?? null,
    groups,
    notice: notices.join(''),
    sources
  };
}
