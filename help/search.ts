/**
 * Full-text search over the help articles, section by section. Chinese has no spaces, and a word segmenter
 * splits 门特 or 双通道 unpredictably, so Chinese text is indexed as single characters and character pairs
 * (bigrams) and a query matches when all its pairs are found. Pinyin (full or initials: `tnb` for 糖尿病)
 * is indexed as runs of 2–4 characters' pinyin, computed per run of Chinese text so that polyphones follow
 * their context (pinyin-pro). Titles and headings weigh more than the body.
 */
import MiniSearch from 'minisearch';
import { match as pinyinMatch, pinyin } from 'pinyin-pro';
import type { HelpAudience, HelpSearchHit } from '../domain/help';
import type { HelpContent } from './content';

interface SectionDocument {
  id: number;
  slug: string;
  articleTitle: string;
  category: HelpSearchHit['category'];
  audience: HelpAudience[];
  sectionId: string | null;
  sectionTitle: string | null;
  /** Fields: what is indexed. The `…Pinyin` fields hold Chinese text that the tokenizer turns into pinyin. */
  title: string;
  heading: string;
  keywords: string;
  body: string;
  titlePinyin: string;
  bodyPinyin: string;
}

const fields = ['title', 'heading', 'keywords', 'body', 'titlePinyin', 'bodyPinyin'] as const;
const boost: Record<(typeof fields)[number], number> = {
  title: 6,
  heading: 4,
  keywords: 3,
  body: 1,
  titlePinyin: 4,
  bodyPinyin: 0.5
};

const runPattern = /(\p{Script=Han}+)|([\p{L}\p{N}]+)/gu;

function runsOf(text: string): { han: string[]; words: string[] } {
  const han: string[] = [];
  const words: string[] = [];
  for (const found of text.normalize('NFKC').toLowerCase().matchAll(runPattern)) {
    if (found[1]) han.push(found[1]);
    else if (found[2]) words.push(found[2]);
  }
  return { han, words };
}

function grams(items: readonly string[], sizes: readonly number[]): string[] {
  const out: string[] = [];
  for (const size of sizes)
    for (let start = 0; start + size <= items.length; start += 1) out.push(items.slice(start, start + size).join(''));
  return out;
}

function textTokens(text: string): string[] {
  const { han, words } = runsOf(text);
  return [...han.flatMap(run => grams([...run], [1, 2])), ...words];
}

function pinyinTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const run of runsOf(text).han) {
    const syllables = pinyin(run, { type: 'array', toneType: 'none' }).map(syllable => syllable.toLowerCase());
    tokens.push(
      ...grams(
        syllables.map(syllable => syllable.charAt(0)),
        [2, 3, 4]
      )
    );
    tokens.push(...grams(syllables, [2, 3]));
  }
  return tokens;
}

/** A query's terms: pairs of Chinese characters (a lone character as itself) and Latin or digit words. */
export function queryTerms(query: string): string[] {
  const { han, words } = runsOf(query);
  return [...new Set([...han.flatMap(run => (run.length === 1 ? [run] : grams([...run], [2]))), ...words])];
}

const snippetLength = 80;
const snippetLead = 20;

/** Where the query occurs in the text: the Chinese runs or words literally, else as pinyin of Chinese text. */
function locate(text: string, query: string): [number, number] | undefined {
  const lower = text.toLowerCase();
  const { han, words } = runsOf(query);
  const literal = [...han, ...words].sort((a, b) => b.length - a.length);
  for (const part of literal) {
    const at = lower.indexOf(part);
    if (at >= 0) return [at, at + part.length];
  }
  for (const part of han.flatMap(run => grams([...run], [2]))) {
    const at = lower.indexOf(part);
    if (at >= 0) return [at, at + part.length];
  }
  for (const word of words.filter(candidate => /^[a-z]+$/.test(candidate))) {
    const positions = pinyinMatch(text, word, { continuous: true });
    if (positions?.length) return [Math.min(...positions), Math.max(...positions) + 1];
  }
  return undefined;
}

function snippetOf(text: string, query: string): Pick<HelpSearchHit, 'snippet' | 'highlights'> {
  const flat = text.replace(/\s+/g, ' ').trim();
  const found = locate(flat, query);
  if (!found) {
    const cut = flat.length > snippetLength;
    return { snippet: cut ? `${flat.slice(0, snippetLength)}…` : flat, highlights: [] };
  }
  const start = Math.max(0, found[0] - snippetLead);
  const end = Math.min(flat.length, start + snippetLength);
  const prefix = start > 0 ? '…' : '';
  const snippet = `${prefix}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
  const offset = prefix.length - start;
  return { snippet, highlights: [[found[0] + offset, Math.min(found[1], end) + offset]] };
}

export interface HelpSearch {
  search: (query: string, options?: { audience?: HelpAudience; limit?: number }) => HelpSearchHit[];
}

/** Words of a question such as 糖尿病要准备什么材料, for the fallback when not all its pairs occur together. */
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
function queryWords(query: string): string[] {
  const words = [...segmenter.segment(query.normalize('NFKC'))]
    .filter(segment => segment.isWordLike)
    .map(segment => segment.segment)
    // Lone characters (要, 吗, 的) say little and match almost every section.
    .filter(word => word.length > 1 || !/\p{Script=Han}/u.test(word));
  return [...new Set(words)];
}

function documentsOf(content: HelpContent): SectionDocument[] {
  const documents: SectionDocument[] = [];
  for (const article of content.articles) {
    const { frontMatter } = article;
    for (const section of article.sections) {
      const heading = section.title ?? '';
      const keywords = section.id === null ? [frontMatter.summary, ...frontMatter.keywords].join(' ') : '';
      documents.push({
        id: documents.length,
        slug: frontMatter.slug,
        articleTitle: frontMatter.title,
        category: frontMatter.category,
        audience: frontMatter.audience,
        sectionId: section.id,
        sectionTitle: section.title,
        title: frontMatter.title,
        heading,
        keywords,
        body: section.text,
        titlePinyin: `${frontMatter.title} ${heading} ${keywords}`,
        bodyPinyin: section.text
      });
    }
  }
  return documents;
}

/**
 * The index is built on the first search (about a second of pinyin work on this content), so processes and
 * tests that never search do not pay for it; the content itself is loaded at start-up.
 */
export function buildHelpSearch(content: HelpContent): HelpSearch {
  let built: { documents: SectionDocument[]; index: MiniSearch<SectionDocument> } | undefined;
  const build = () => {
    const documents = documentsOf(content);
    const index = new MiniSearch<SectionDocument>({
      fields: [...fields],
      tokenize: (text, fieldName) => (fieldName?.endsWith('Pinyin') ? pinyinTokens(text) : textTokens(text)),
      // Terms arrive lower-cased and normalised by the tokenizer; nothing is stemmed or dropped.
      processTerm: term => term,
      searchOptions: { tokenize: queryTerms, processTerm: term => term }
    });
    index.addAll(documents);
    return { documents, index };
  };

  return {
    search(query, options = {}) {
      built ??= build();
      const { documents, index } = built;
      const limit = options.limit ?? 20;
      const searchOptions = {
        boost,
        // Typing full pinyin: "tangniao" finds 糖尿病 before the word is complete.
        prefix: (term: string) => /^[a-z]{4,}$/.test(term),
        ...(options.audience
          ? { filter: (result: { id: number }) => documents[result.id]!.audience.includes(options.audience!) }
          : {})
      };
      // Every pair of the query in one section first; else a question's words, each whole, best sections first.
      let results = index.search(query, { ...searchOptions, combineWith: 'AND' });
      if (!results.length) {
        const words = queryWords(query);
        if (words.length)
          results = index.search(
            { combineWith: 'OR', queries: words.map(word => ({ combineWith: 'AND', queries: [word] })) },
            searchOptions
          );
      }
      return results.slice(0, limit).map(result => {
        const document = documents[Number(result.id)]!;
        return {
          slug: document.slug,
          title: document.articleTitle,
          category: document.category,
          sectionId: document.sectionId,
          sectionTitle: document.sectionTitle,
          ...snippetOf(document.body, query),
          score: Math.round(result.score * 1000) / 1000
        };
      });
    }
  };
}
