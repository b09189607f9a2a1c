/** Real-name check of a person before linking: name + ID number through 1101 (人员基本信息获取). */
export interface PersonVerifier {
  /** `ok: false` for any mismatch or unknown person alike; the caller never learns which. */
  verify(person: { name: string; idNo: string }): Promise<{ ok: true; insuredPersonNo: string } | { ok: false }>;
}
