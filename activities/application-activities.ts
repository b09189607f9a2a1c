import { createFilingActivities, type FilingDependencies } from './filing-activities';
import { createProjectionActivities, type ProjectionDependencies } from './projection-activities';

export type ApplicationActivityDependencies = ProjectionDependencies & FilingDependencies;

/** Every activity of the application workflows; the workflows import only this type. */
export function createApplicationActivities(deps: ApplicationActivityDependencies) {
  return { ...createProjectionActivities(deps), ...createFilingActivities(deps) };
}

export type ApplicationActivities = ReturnType<typeof createApplicationActivities>;
