import { ApplicationFailure } from '@temporalio/common';
import { ServiceError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { applicationStatusLabels, type ApplicationStatus } from '../../domain/application-status';
import { workflowRejectionTypes } from '../../workflows/messages';
import { conflict, unavailable } from '../errors';

/**
 * Sends an update to an application's workflow and turns the workflow's refusal into the API's answer:
 * a wrong state is 409, the bureau refusing a revocation 409 with its text.
 */
export async function sendApplicationUpdate<Ret, Arg>(
  client: Client,
  application: { workflowId: string; status: ApplicationStatus },
  action: string,
  update: UpdateDefinition<Ret, [Arg]>,
  arg: Arg
): Promise<Ret> {
  try {
    return await client.workflow.getHandle(application.workflowId).executeUpdate(update, { args: [arg] });
  } catch (error) {
    // A finished workflow no longer answers: its last status explains the refusal.
    if (error instanceof WorkflowNotFoundError) {
      return Promise.reject(
        conflict(`申请单当前状态为「${applicationStatusLabels[application.status]}」，不能${action}`, 'WRONG_STATUS')
      );
    }
    throw toApiError(error);
  }
}

export function toApiError(error: unknown): unknown {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (cause instanceof ApplicationFailure) {
      if (cause.type === workflowRejectionTypes.bureauRefused) return conflict(cause.message, 'BUREAU_REFUSED');
      return conflict(cause.message, 'WRONG_STATUS');
    }
    return conflict('申请单当前状态不允许该操作', 'WRONG_STATUS');
  }
  if (error instanceof WorkflowNotFoundError) return conflict('申请单流程已结束，不能再执行该操作', 'WRONG_STATUS');
  if (error instanceof ServiceError) return unavailable('流程服务暂不可用，请稍后再试');
  return error;
}
