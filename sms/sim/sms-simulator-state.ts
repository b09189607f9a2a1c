/** What the SMS provider simulators share: the messages they accepted, rate limits and injected faults. */
export interface SentSms {
  provider: 'aliyun' | 'tencent';
  /** As the provider received it: `13800000000` (Alibaba) or `+8613800000000` (Tencent). */
  phone: string;
  signName: string;
  template: string;
  /** Alibaba: the TemplateParam object; Tencent: the TemplateParamSet. */
  params: Record<string, string> | string[];
  at: Date;
}

export class SmsSimulatorState {
  readonly sent: SentSms[] = [];
  private readonly faults: string[] = [];
  private readonly lastSendByPhone = new Map<string, number>();
  private readonly nonces = new Map<string, number>();

  /** The next request is answered with this provider error code. */
  failNext(providerCode: string): void {
    this.faults.push(providerCode);
  }

  takeFault(): string | undefined {
    return this.faults.shift();
  }

  /** True when this phone was sent a message less than `windowMs` ago (the providers' per-number limit). */
  throttled(phone: string, now: number, windowMs: number): boolean {
    const last = this.lastSendByPhone.get(phone);
    return last !== undefined && now - last < windowMs;
  }

  record(message: SentSms): void {
    this.sent.push(message);
    this.lastSendByPhone.set(message.phone, message.at.getTime());
  }

  /** False when the nonce was seen within `windowMs` (a replayed request). */
  freshNonce(nonce: string, now: number, windowMs: number): boolean {
    for (const [seen, at] of this.nonces) if (now - at > windowMs) this.nonces.delete(seen);
    if (this.nonces.has(nonce)) return false;
    this.nonces.set(nonce, now);
    return true;
  }

  /** The code in the last message to a phone whose number ends with `phone` (either provider's format). */
  lastCode(phone: string): string | undefined {
    const message = [...this.sent].reverse().find(sent => sent.phone.endsWith(phone));
    if (!message) return undefined;
    return Array.isArray(message.params) ? message.params[0] : message.params.code;
  }
}
