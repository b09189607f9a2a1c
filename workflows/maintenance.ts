import { proxyActivities } from '@temporalio/workflow';
import type { MaintenanceActivities } from '../activities/maintenance-activities';

const catalogue = proxyActivities<MaintenanceActivities>({
  startToCloseTimeout: '5m',
  retry: { initialInterval: '30s', maximumInterval: '10m', maximumAttempts: 10 }
});

/** 1309 + 9102 catalogue download: daily by a Temporal Schedule and on an admin's "sync now". */
export async function diseaseCatalogueSync(input: { trigger: 'schedule' | 'admin' }) {
  return catalogue.syncDiseaseCatalogue(input);
}

/** Daily: filings that failed for network reasons get another try (retryFiling on each workflow). */
export async function retryNetworkFailedFilings(): Promise<{ retried: number }> {
  return catalogue.retryNetworkFailedFilings();
}
