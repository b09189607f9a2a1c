import { proxyActivities } from '@temporalio/workflow';

const { emptyStep } = proxyActivities<{ emptyStep: () => Promise<void> }>({ startToCloseTimeout: '30s' });

/** The benchmark's baseline: the same number of activities as an application, doing nothing. */
export async function baselineApplication(activityCount: number): Promise<void> {
  for (let step = 0; step < activityCount; step++) await emptyStep();
}
