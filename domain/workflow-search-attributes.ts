/**
 * Search attributes our workflows set, so the admin console can find an application's workflow by its
 * number and filter by kind and filing status. Registered on the dev server at start and on a real
 * cluster with `temporal operator search-attribute create` (see README).
 */
export const workflowSearchAttributes = {
  ApplicationNo: 'Keyword',
  ApplicationKind: 'Keyword',
  FilingStatus: 'Keyword'
} as const;

export type WorkflowSearchAttributeName = keyof typeof workflowSearchAttributes;
