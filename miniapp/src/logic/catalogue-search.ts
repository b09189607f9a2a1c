/**
 * Finding a disease or a drug by what an elderly patient types: part of the name (高血压), pinyin initials
 * (gxy), full pinyin (gaoxueya) or the code. Pinyin matching comes from pinyin-match (polyphones included).
 */
import PinyinMatch from 'pinyin-match';

interface Named {
  code: string;
  name: string;
}

/** Items matching the query, best first: name starts with it, name contains it, pinyin, code. */
export function searchCatalogue<T extends Named>(items: readonly T[], query: string): T[] {
  const needle = query.trim().toLowerCase().replace(/\s+/g, '');
  if (!needle) return [...items];
  const ranked: { item: T; rank: number; index: number }[] = [];
  items.forEach((item, index) => {
    let rank: number | undefined;
    if (item.name.startsWith(needle)) rank = 0;
    else if (item.name.includes(needle)) rank = 1;
    else if (/^[a-z]+$/.test(needle) && PinyinMatch.match(item.name, needle) !== false) rank = 2;
    else if (item.code.toLowerCase().includes(needle)) rank = 3;
    if (rank !== undefined) ranked.push({ item, rank, index });
  });
  return ranked.sort((a, b) => a.rank - b.rank || a.index - b.index).map(entry => entry.item);
}
