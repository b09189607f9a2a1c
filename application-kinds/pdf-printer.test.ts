import { describe, expect, it } from 'vitest';
import { PdfPrinter } from './pdf-printer';

describe('the PDF printer', () => {
  it('names a missing browser before any filing needs it', () => {
    expect(new PdfPrinter({ executablePath: '/nonexistent/chromium' }).unavailableReason()).toBe(
      'Chromium not executable at /nonexistent/chromium'
    );
  });

  it('finds the Chromium that .ci/run installs', () => {
    expect(new PdfPrinter().unavailableReason()).toBeUndefined();
  });
});
