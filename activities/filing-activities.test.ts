import { describe, expect, it } from 'vitest';
import { loadOnceCommitted } from './filing-activities';

describe('the first activity of a workflow', () => {
  it('waits for an application row whose transaction commits a moment later', async () => {
    let reads = 0;
    const row = await loadOnceCommitted(() => Promise.resolve(++reads < 3 ? undefined : { id: 'a1' }), 2_000, 10);
    expect(row).toEqual({ id: 'a1' });
    expect(reads).toBe(3);
  });

  it('gives up after the wait when the row never appears (the transaction rolled back)', async () => {
    let reads = 0;
    const started = Date.now();
    const row = await loadOnceCommitted(() => {
      reads += 1;
      return Promise.resolve(undefined);
    }, 200);
    expect(row).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(reads).toBeGreaterThan(1);
  });
});
