import { createEformActivities, type EformDependencies } from './eform-activities';
import { createFilingActivities, type FilingDependencies } from './filing-activities';
import { createProjectionActivities, type ProjectionDependencies } from './projection-activities';

export type ApplicationActivityDependencies = ProjectionDependencies & FilingDependencies & EformDependencies;

/** Every activity of the application workflows; the workflows import only this type. */
export function createApplicationActivities(deps: ApplicationActivityDependencies) {
  return { ...createProjectionActivities(deps), ...createFilingActivities(deps), ...createEformActivities(deps) };
}

export type ApplicationActivities = ReturnType<typeof createApplicationActivities>;
