import { describe, expect, it } from 'vitest';
import { EformPrinter } from './dual-channel-eform';

describe('the e-form printer', () => {
  it('names a missing browser before any filing needs it', () => {
    expect(new EformPrinter({ executablePath: '/nonexistent/chromium' }).unavailableReason()).toBe(
      'Chromium not executable at /nonexistent/chromium'
    );
  });

  it('finds the Chromium that .ci/run installs', () => {
    expect(new EformPrinter().unavailableReason()).toBeUndefined();
  });
});
