import { desc, sql } from 'drizzle-orm';
import type { Database } from '../db/connection';
import { diseaseCatalogueSyncs, diseases } from '../db/schema';
import type { DiseaseCatalogueEntry } from '../yibao/transactions/9102-file-download';

export interface CatalogueDependencies {
  db: Database;
  /** 1309 + 9102: entries newer than `ver`. */
  downloadDiseaseCatalogue: (ver: string) => Promise<DiseaseCatalogueEntry[]>;
}

/** The version sent when the hospital has no catalogue yet: the platform then returns everything. */
export const initialCatalogueVersion = '0';

export function createCatalogueActivities(deps: CatalogueDependencies) {
  return {
    /** Downloads what changed since our newest version and upserts it; a version that moves never goes back. */
    async syncDiseaseCatalogue(input: {
      trigger: 'schedule' | 'admin';
    }): Promise<{ fromVersion: string; toVersion: string; count: number }> {
      const [latest] = await deps.db
        .select({ version: diseaseCatalogueSyncs.toVersion })
        .from(diseaseCatalogueSyncs)
        .orderBy(desc(diseaseCatalogueSyncs.finishedAt))
        .limit(1);
      const fromVersion = latest?.version ?? initialCatalogueVersion;
      const entries = await deps.downloadDiseaseCatalogue(fromVersion);
      let toVersion = fromVersion;
      await deps.db.transaction(async tx => {
        for (const entry of entries) {
          const version = entry.ver ?? fromVersion;
          if (version > toVersion) toVersion = version;
          const row = {
            code: entry.opspDiseCode,
            name: entry.opspDiseName,
            majorClassCode: entry.opspDiseMajclsCode ?? null,
            majorClassName: entry.opspDiseMajclsName ?? null,
            subClassName: entry.opspDiseSubdClssName ?? null,
            admdvs: entry.admdvs ?? null,
            valid: entry.valiFlag !== '0',
            recordId: entry.rid ?? null,
            version,
            versionName: entry.verName ?? null,
            updatedAt: new Date()
          };
          await tx
            .insert(diseases)
            .values(row)
            .onConflictDoUpdate({ target: diseases.code, set: row, setWhere: sql`${diseases.version} <= ${version}` });
        }
        await tx
          .insert(diseaseCatalogueSyncs)
          .values({ fromVersion, toVersion, recordCount: entries.length, trigger: input.trigger });
      });
      return { fromVersion, toVersion, count: entries.length };
    }
  };
}
