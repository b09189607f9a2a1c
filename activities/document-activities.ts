import { ApplicationFailure } from '@temporalio/activity';
import { eq } from 'drizzle-orm';
import type { FieldCipher, HtmlPrinter } from '../application-kinds/kind-module';
import { applicationKindModule } from '../application-kinds/registry';
import type { Database } from '../db/connection';
import { applications } from '../db/schema';
import { toActivityFailure } from './filing-failures';

export interface DocumentDependencies {
  db: Database;
  cipher: FieldCipher;
  /** Shared by every print of the worker process. */
  printer: HtmlPrinter;
}

/** Activities that print the documents an application's kind files with (the dual-channel e-form). */
export function createDocumentActivities(deps: DocumentDependencies) {
  return {
    /**
     * Prints the kind's documents after the doctors' approval, before filing; called again before a retried
     * filing, it prints only when the data differ from the stored documents'. (The activity keeps the name
     * it had when only the dual-channel e-form existed: recorded histories schedule it by that name.)
     */
    async generateEform({ applicationId }: { applicationId: string }): Promise<{ regenerated: boolean }> {
      const [row] = await deps.db
        .select({ kind: applications.kind })
        .from(applications)
        .where(eq(applications.id, applicationId));
      if (!row) throw ApplicationFailure.nonRetryable(`application ${applicationId} not found`, 'ApplicationMissing');
      const documents = applicationKindModule(row.kind).documents;
      if (!documents) return { regenerated: false };
      try {
        return await documents.generate({ db: deps.db, cipher: deps.cipher, printer: deps.printer }, applicationId);
      } catch (error) {
        throw toActivityFailure(error);
      }
    }
  };
}
