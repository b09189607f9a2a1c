import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

/**
 * Paths that may carry personal or secret data. Patient identifiers, phones, diagnoses, tokens and keys
 * never reach a log line (等保 8.1.4.3, PIPL Art. 51); code should not log them in the first place.
 */
export const redactedLogPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["_api_signature"]',
  'req.headers["_api_access_key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.idNo',
  '*.certno',
  '*.phone',
  '*.tel',
  '*.mobile',
  '*.addr',
  '*.address',
  '*.diagnosis',
  '*.privateKey',
  '*.secretKey',
  '*.sessionKey',
  '*.psnName',
  '*.psn_name',
  '*.name'
];

/** `json`: one JSON object per line, for log collectors; `pretty`: one readable line per event, for a person. */
export type LogFormat = 'json' | 'pretty';

/**
 * Fields a request line carries in JSON (see api/request-logging.ts); the readable line already says them
 * in its message, so they are not repeated after it.
 */
const requestFields = ['requestId', 'method', 'path', 'status', 'durationMs'];

/** Readable lines: time, level and message, then any other fields on the same line. */
function prettyStream(destination: DestinationStream | undefined): DestinationStream {
  return pretty({
    singleLine: true,
    colorize: destination === undefined && process.stdout.isTTY,
    translateTime: 'SYS:HH:MM:ss',
    ignore: ['pid', 'hostname', 'name', ...requestFields].join(','),
    ...(destination ? { destination } : {})
  });
}

/** `destination` defaults to stdout; tests pass a memory stream to scan what was logged. */
export function createLogger(
  name: string,
  level: string,
  destination?: DestinationStream,
  format: LogFormat = 'json'
): Logger {
  const options = { name, level, redact: { paths: redactedLogPaths, censor: '[已脱敏]' } };
  if (format === 'pretty') return pino(options, prettyStream(destination));
  return destination ? pino(options, destination) : pino(options);
}
