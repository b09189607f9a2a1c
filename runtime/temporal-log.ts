/**
 * The Temporal SDK's own log (worker start, activity failures) written through our pino logger, so the
 * worker prints one format. An activity that failed for an expected reason (the bureau unreachable, a
 * provider's refusal, a failure our code raised on purpose) is one line with its type and message; only an
 * unexpected error keeps its stack.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { LogEntry } from '@temporalio/worker';
import type { Logger } from 'pino';
import { SmsDeliveryError } from '../sms';
import { WechatApiError } from '../wechat';
import { YibaoError } from '../yibao/errors';

const levels = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

function expected(error: Error): boolean {
  return (
    error instanceof YibaoError ||
    error instanceof SmsDeliveryError ||
    error instanceof WechatApiError ||
    error instanceof ApplicationFailure
  );
}

export function temporalLogWriter(logger: Logger): (entry: LogEntry) => void {
  return entry => {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(entry.meta ?? {})) {
      if (!(value instanceof Error)) fields[key] = value;
      else if (expected(value)) fields[key] = { type: value.name, message: value.message };
      else fields.err = value;
    }
    logger[levels[entry.level]](fields, entry.message);
  };
}
