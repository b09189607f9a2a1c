import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Typed keys of domain/workflow-search-attributes.ts, used by the workflows and the API alike. */
export const applicationKeys = {
  applicationNo: defineSearchAttributeKey('ApplicationNo', SearchAttributeType.KEYWORD),
  applicationKind: defineSearchAttributeKey('ApplicationKind', SearchAttributeType.KEYWORD),
  filingStatus: defineSearchAttributeKey('FilingStatus', SearchAttributeType.KEYWORD)
};
