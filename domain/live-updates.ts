import { z } from 'zod';
import { applicationKindSchema } from './application';
import { applicationStatusSchema } from './application-status';

/**
 * Server-sent events of the console (`GET /api/events/applications`): a `hello` when the stream opens, an
 * `application` event whenever an application the user may read changes, `session-ended` before the
 * server closes the stream of an ended or idle session. Ids and statuses only, nothing personal.
 */
export const streamHelloSchema = z.object({
  /** The session's idle limit: the console signs out after this long without input. */
  idleTimeoutMs: z.number()
});

export const applicationChangeSchema = z.object({
  id: z.uuid(),
  kind: applicationKindSchema,
  applicationNo: z.string(),
  status: applicationStatusSchema,
  updatedAt: z.string()
});
export type ApplicationChange = z.infer<typeof applicationChangeSchema>;
