import { Client, Connection } from '@temporalio/client';

/**
 * A client whose connection is made on first use, so an API started before Temporal still serves
 * `/healthz` and reports Temporal as unreachable in `/readyz`.
 */
export function createTemporalClient(address: string, namespace: string): Client {
  const connection = Connection.lazy({ address, connectTimeout: 2000 });
  return new Client({ connection, namespace });
}
