import { describe, expect, it } from 'vitest';
import { searchCatalogue } from './catalogue-search';

const diseases = [
  { code: 'M01600', name: '糖尿病' },
  { code: 'M03900', name: '高血压病' },
  { code: 'M04600', name: '冠心病' },
  { code: 'M05300', name: '慢性阻塞性肺疾病' },
  { code: 'M03901', name: '原发性高血压伴并发症' }
];

describe('finding a disease the way an elderly patient types', () => {
  it('finds by part of the name, names starting with it first', () => {
    expect(searchCatalogue(diseases, '高血压').map(item => item.name)).toEqual(['高血压病', '原发性高血压伴并发症']);
  });

  it('finds by pinyin initials and by full pinyin', () => {
    expect(searchCatalogue(diseases, 'gxy').map(item => item.code)).toContain('M03900');
    expect(searchCatalogue(diseases, 'GXB').map(item => item.code)).toEqual(['M04600']);
    expect(searchCatalogue(diseases, 'tangniao').map(item => item.code)).toEqual(['M01600']);
  });

  it('finds by code and lists everything for an empty query', () => {
    expect(searchCatalogue(diseases, 'm053').map(item => item.name)).toEqual(['慢性阻塞性肺疾病']);
    expect(searchCatalogue(diseases, '  ')).toHaveLength(diseases.length);
  });

  it('finds nothing for unrelated text', () => {
    expect(searchCatalogue(diseases, '骨折')).toEqual([]);
  });
});
