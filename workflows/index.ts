import { runApplicationWorkflow } from './application-workflow';
import type { ApplicationState, ApplicationWorkflowInput } from './messages';

/** 门诊慢特病 filing: 1101 → doctor review → 2503 → 5301 until decided; 2504 revokes. */
export async function chronicApplication(input: ApplicationWorkflowInput): Promise<ApplicationState> {
  return runApplicationWorkflow({ ...input, kind: 'chronic' });
}

/** 双通道 special-drug filing: 1101 → doctor review → 2511 → 5311 until decided; 2512 revokes. */
export async function dualChannelApplication(input: ApplicationWorkflowInput): Promise<ApplicationState> {
  return runApplicationWorkflow({ ...input, kind: 'dual_channel' });
}

export { diseaseCatalogueSync, retryNetworkFailedFilings } from './maintenance';
