import { describe, expect, it } from 'vitest';
import { applicationStatuses, type ApplicationStatus } from '../../../domain/application-status';
import { patientActions, statusWords, timeline } from './status-words';

const submittedAt = '2026-11-01T01:00:00.000Z';
const at = (to: ApplicationStatus, minute: number) => ({
  to,
  at: `2026-11-01T01:${String(minute).padStart(2, '0')}:00.000Z`
});

describe('status words for patients', () => {
  it('gives every status a Chinese title and a next step', () => {
    for (const status of applicationStatuses) {
      for (const kind of ['chronic', 'dual_channel'] as const) {
        const words = statusWords(status, kind);
        expect(words.title).toMatch(/[\u4e00-\u9fa5]/);
        expect(words.next.length).toBeGreaterThan(8);
      }
    }
  });

  it('tells a dual-channel patient where to buy the drug once approved', () => {
    expect(statusWords('approved', 'dual_channel').next).toContain('药店');
    expect(statusWords('approved', 'chronic').next).toContain('慢特病待遇');
  });
});

describe('the four-step timeline', () => {
  it('marks the doctor review as current right after submission', () => {
    const steps = timeline('under_review', submittedAt, [at('submitted', 0), at('under_review', 1)]);
    expect(steps.map(step => step.state)).toEqual(['done', 'current', 'waiting', 'waiting']);
    expect(steps[0]?.at).toBe(submittedAt);
  });

  it('shows every step done, with times, once the bureau approved', () => {
    const history = [at('submitted', 0), at('under_review', 1), at('filing', 2), at('filed', 3), at('approved', 9)];
    const steps = timeline('approved', submittedAt, history);
    expect(steps.map(step => step.state)).toEqual(['done', 'done', 'done', 'done']);
    expect(steps.map(step => step.at)).toEqual([submittedAt, history[2]!.at, history[3]!.at, history[4]!.at]);
    expect(steps[3]?.note).toBe('通过');
  });

  it('marks the failed step when the doctor or the bureau refused', () => {
    expect(timeline('doctor_rejected', submittedAt, [at('doctor_rejected', 5)]).map(step => step.state)).toEqual([
      'done',
      'failed',
      'waiting',
      'waiting'
    ]);
    expect(timeline('rejected', submittedAt, []).map(step => step.state)).toEqual(['done', 'done', 'done', 'failed']);
  });

  it('stops a withdrawn application at the step it had reached and skips the rest', () => {
    const steps = timeline('withdrawn', submittedAt, [at('submitted', 0), at('under_review', 1), at('withdrawn', 4)]);
    expect(steps.map(step => step.state)).toEqual(['done', 'skipped', 'skipped', 'skipped']);
    expect(steps[1]?.note).toBe('已撤回');
  });

  it('keeps a failed filing as the current step, with the hospital at work', () => {
    const steps = timeline('filing_failed', submittedAt, [at('filing', 2), at('filing_failed', 3)]);
    expect(steps[2]).toMatchObject({ state: 'current', note: '医院正在处理' });
  });
});

describe('what the patient may do', () => {
  it('allows withdrawing before filing and revoking a filing the bureau has not decided', () => {
    expect(patientActions('under_review')).toEqual({ withdraw: true, revoke: false });
    expect(patientActions('filed')).toEqual({ withdraw: false, revoke: true });
    expect(patientActions('filing')).toEqual({ withdraw: false, revoke: false });
    expect(patientActions('approved')).toEqual({ withdraw: false, revoke: false });
  });
});
