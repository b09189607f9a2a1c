import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { diseaseCatalogueSync, retryNetworkFailedFilings } from '../workflows';

async function createOnce(client: Client, options: ScheduleOptions): Promise<void> {
  try {
    await client.schedule.create(options);
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
}

/**
 * The recurring jobs, as Temporal Schedules created once (a second worker finds them existing): the daily
 * catalogue download (1309 + 9102) and the daily retry of filings that failed for network reasons.
 */
export async function ensureSchedules(client: Client, taskQueue: string): Promise<void> {
  await createOnce(client, {
    scheduleId: 'disease-catalogue-daily',
    spec: { calendars: [{ hour: 2, minute: 30 }], timezone: 'Asia/Shanghai' },
    action: { type: 'startWorkflow', workflowType: diseaseCatalogueSync, taskQueue, args: [{ trigger: 'schedule' }] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP }
  });
  await createOnce(client, {
    scheduleId: 'retry-network-failed-filings-daily',
    spec: { calendars: [{ hour: 7, minute: 0 }], timezone: 'Asia/Shanghai' },
    action: { type: 'startWorkflow', workflowType: retryNetworkFailedFilings, taskQueue, args: [] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP }
  });
}
