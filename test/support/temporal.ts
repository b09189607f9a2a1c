import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import { inject } from 'vitest';
import { workflowsPath } from '../../runtime/worker';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The workflow bundle, built once per test file (bundling takes seconds). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath,
    logger: {
      log: () => undefined,
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined
    }
  });
  return bundle;
}

export function temporalAddress(): string {
  return inject('temporalAddress');
}

export async function testTemporalClient(): Promise<{ client: Client; close: () => Promise<void> }> {
  const connection = await Connection.connect({ address: temporalAddress() });
  return {
    client: new Client({ connection, namespace: inject('temporalNamespace') }),
    close: () => connection.close()
  };
}

export function uniqueTaskQueue(name: string): string {
  return `test-${name}-${process.pid}-${Date.now().toString(36)}`;
}
