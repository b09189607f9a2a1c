import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';
import { temporalLogWriter } from './temporal-log';
import { YibaoNetworkError } from '../yibao/errors';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    }
  });
  return { lines, logger: createLogger('temporal', 'info', sink) };
}

describe("the Temporal SDK's log", () => {
  it('writes an expected activity failure as one line without a stack', () => {
    const { lines, logger } = capture();
    temporalLogWriter(logger)({
      level: 'WARN',
      message: 'Activity failed',
      timestampNanos: 0n,
      meta: { error: new YibaoNetworkError('connect ECONNREFUSED', '2503', undefined), activityType: 'fileChronic' }
    });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 40,
      msg: 'Activity failed',
      activityType: 'fileChronic',
      error: { type: 'YibaoNetworkError', message: 'connect ECONNREFUSED' }
    });
    expect(lines[0]).not.toContain('    at ');
  });

  it('keeps the stack of an unexpected error', () => {
    const { lines, logger } = capture();
    temporalLogWriter(logger)({
      level: 'ERROR',
      message: 'Activity failed',
      timestampNanos: 0n,
      meta: { error: new TypeError("Cannot read properties of undefined (reading 'id')") }
    });
    const line = JSON.parse(lines[0]!) as { err: { type: string; stack: string } };
    expect(line.err.type).toBe('TypeError');
    expect(line.err.stack).toContain('    at ');
  });
});
