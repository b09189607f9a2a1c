import { describe, expect, it } from 'vitest';
import { emptyFilter, filterFromQuery, queryFromFilter, searchBody } from './list-query';

describe('the application list filter in the address bar', () => {
  it('reads the figures the dashboard links to', () => {
    const filter = filterFromQuery({
      status: 'filed',
      filedBefore: '2026-11-26T08:00:00.000Z',
      sort: 'filedAt',
      order: 'asc'
    });
    expect(filter).toMatchObject({
      statuses: ['filed'],
      filedBefore: '2026-11-26T08:00:00.000Z',
      sort: 'filedAt',
      order: 'asc'
    });
    expect(searchBody('chronic', filter)).toMatchObject({
      kind: 'chronic',
      statuses: ['filed'],
      filedBefore: '2026-11-26T08:00:00.000Z',
      sort: 'filedAt',
      order: 'asc',
      page: 1,
      pageSize: 20
    });
  });

  it('survives a round trip through the query and drops what it does not know', () => {
    const filter = filterFromQuery({
      status: 'under_review,no-such-status,filing_failed',
      sync: 'network_failed',
      from: '2026-11-01',
      to: '2026-11-29',
      page: '3',
      size: '50',
      sort: 'nonsense'
    });
    expect(filter.statuses).toEqual(['under_review', 'filing_failed']);
    expect(filter.sort).toBe('submittedAt');
    expect(filterFromQuery(queryFromFilter(filter) as Record<string, string>)).toEqual(filter);
  });

  it('never puts the patient ID number into the URL, only into the search body', () => {
    const filter = { ...emptyFilter(), idNo: '36010219900101123x' };
    expect(JSON.stringify(queryFromFilter(filter))).not.toContain('3601021990');
    expect(searchBody('dual_channel', filter).idNo).toBe('36010219900101123X');
  });

  it('ignores a half date range and a page that is not a positive number', () => {
    const filter = filterFromQuery({ from: '2026-11-01', page: '-2', size: '7' });
    expect(filter.dateRange).toBeNull();
    expect(filter.page).toBe(1);
    expect(filter.pageSize).toBe(20);
  });
});
