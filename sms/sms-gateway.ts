/**
 * Text messages to patients' phones. Production sends through a provider (Alibaba Cloud or Tencent Cloud SMS,
 * chosen by SMS_PROVIDER); development keeps the codes in an outbox that the demo reads. Phone numbers and
 * codes never reach a log line.
 */
export interface SmsGateway {
  /** Sends a sign-in code; throws SmsDeliveryError when the provider refuses or cannot be reached. */
  sendCode(phone: string, code: string): Promise<void>;
}

export class SmsDeliveryError extends Error {
  readonly code = 'SMS_DELIVERY_FAILED';
  constructor(
    readonly provider: string,
    /** The provider's own error code (`isv.BUSINESS_LIMIT_CONTROL`, `LimitExceeded.PhoneNumberDailyLimit`, …). */
    readonly providerCode: string,
    message: string,
    /** True for network failures and throttling: the same message may go through later. */
    readonly retryable: boolean
  ) {
    super(`${provider} SMS: ${providerCode}: ${message}`);
    this.name = 'SmsDeliveryError';
  }
}

/** Validity of a sign-in code in minutes, as the SMS text states it. */
export const smsCodeValidMinutes = 5;

/** Development and tests: keeps the last code per phone (`GET /api/dev/sms-outbox`); sends nothing. */
export class SmsOutbox implements SmsGateway {
  private readonly outbox = new Map<string, string>();

  sendCode(phone: string, code: string): Promise<void> {
    this.outbox.set(phone, code);
    return Promise.resolve();
  }

  lastCode(phone: string): string | undefined {
    return this.outbox.get(phone);
  }
}
