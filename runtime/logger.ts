import { pino, type DestinationStream, type Logger } from 'pino';

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

/** `destination` defaults to stdout; tests pass a memory stream to scan what was logged. */
export function createLogger(name: string, level: string, destination?: DestinationStream): Logger {
  const options = { name, level, redact: { paths: redactedLogPaths, censor: '[已脱敏]' } };
  return destination ? pino(options, destination) : pino(options);
}
