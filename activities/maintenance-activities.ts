import type { Client } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/connection';
import { applications } from '../db/schema';
import { retryFilingUpdate } from '../workflows/messages';
import { createCatalogueActivities, type CatalogueDependencies } from './catalogue-activities';

export interface MaintenanceDependencies extends CatalogueDependencies {
  db: Database;
  temporalClient: Client;
}

export function createMaintenanceActivities(deps: MaintenanceDependencies) {
  return {
    ...createCatalogueActivities(deps),

    /** Asks each workflow whose filing failed for network reasons to file again; others are left to people. */
    async retryNetworkFailedFilings(): Promise<{ retried: number }> {
      const failed = await deps.db
        .select({ workflowId: applications.workflowId })
        .from(applications)
        .where(and(eq(applications.status, 'filing_failed'), eq(applications.yibaoSyncStatus, 'network_failed')));
      let retried = 0;
      for (const { workflowId } of failed) {
        try {
          await deps.temporalClient.workflow
            .getHandle(workflowId)
            .startUpdate(retryFilingUpdate, { args: [{ actor: { label: '每日自动重报' } }], waitForStage: 'ACCEPTED' });
          retried += 1;
        } catch {
          // Another retry may have started it already; the next run looks again.
        }
      }
      return { retried };
    }
  };
}

export type MaintenanceActivities = ReturnType<typeof createMaintenanceActivities>;
