/** The help centre (public: no sign-in needed), read with the server's own schemas. */
import type { ApplicationKind } from '../logic/application-kinds';
import {
  helpArticleListSchema,
  helpArticleSchema,
  helpMaterialsSchema,
  helpSearchResultSchema,
  helpStatusListSchema,
  type HelpAudience
} from '../../../domain/help';
import { apiCall } from './client';

export function fetchHelpArticles() {
  return apiCall('GET', '/api/help/articles', { schema: helpArticleListSchema });
}

export function fetchHelpArticle(slug: string) {
  return apiCall('GET', `/api/help/articles/${encodeURIComponent(slug)}`, { schema: helpArticleSchema });
}

/** Patients search the articles written for them; doctors everything. */
export function searchHelp(query: string, audience?: HelpAudience) {
  return apiCall('GET', '/api/help/search', { query: { q: query, audience }, schema: helpSearchResultSchema });
}

/** What to prepare for an application of this kind, and for this disease where it has a list of its own. */
export function fetchHelpMaterials(kind: ApplicationKind, diseaseCode?: string) {
  return apiCall('GET', '/api/help/materials', { query: { kind, diseaseCode }, schema: helpMaterialsSchema });
}

export function fetchHelpStatuses() {
  return apiCall('GET', '/api/help/statuses', { schema: helpStatusListSchema });
}
