import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, generateTotpSecret, hotp, matchTotp, totpCode, totpStep } from './totp';

// RFC 6238 appendix B secret (SHA-1): the ASCII string "12345678901234567890".
const rfcSecret = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP', () => {
  it('matches the RFC 4226 HOTP test values', () => {
    expect([0, 1, 2, 9].map(counter => hotp(rfcSecret, counter))).toEqual(['755224', '287082', '359152', '520489']);
  });

  it('matches the RFC 6238 SHA-1 test values (last 6 digits)', () => {
    expect(totpCode(rfcSecret, new Date(59_000))).toBe('287082');
    expect(totpCode(rfcSecret, new Date(1_111_111_109_000))).toBe('081804');
    expect(totpCode(rfcSecret, new Date(20_000_000_000_000))).toBe('353130');
  });

  it('round-trips Base32', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(secret))).toBe(secret);
  });

  it('accepts one step of clock drift and never the same step twice', () => {
    const secret = generateTotpSecret();
    const now = new Date(1_800_000_000_000);
    const previous = totpCode(secret, new Date(now.getTime() - 30_000));
    expect(matchTotp(secret, previous, now)).toBe(totpStep(now) - 1);
    const current = totpCode(secret, now);
    const step = matchTotp(secret, current, now);
    expect(step).toBe(totpStep(now));
    expect(matchTotp(secret, current, now, step)).toBeUndefined();
    expect(matchTotp(secret, totpCode(secret, new Date(now.getTime() - 90_000)), now)).toBeUndefined();
  });
});
