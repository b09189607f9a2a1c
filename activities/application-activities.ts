import { createDocumentActivities, type DocumentDependencies } from './document-activities';
import { createFilingActivities, type FilingDependencies } from './filing-activities';
import { createProjectionActivities, type ProjectionDependencies } from './projection-activities';

export type ApplicationActivityDependencies = ProjectionDependencies & FilingDependencies & DocumentDependencies;

/** Every activity of the application workflows, for every kind; the workflows import only this type. */
export function createApplicationActivities(deps: ApplicationActivityDependencies) {
  return { ...createProjectionActivities(deps), ...createFilingActivities(deps), ...createDocumentActivities(deps) };
}

export type ApplicationActivities = ReturnType<typeof createApplicationActivities>;
