/**
 * What the simulated bureau answers where the spec says nothing. Each is a setting, listed with its default
 * in the README ("Assumptions to confirm with the bureau"); the default is the strictest answer that none of
 * the three public clients (the Jiangxi 芦溪 C# client, the Jilin Java client, the Python SDK) trips over.
 */
export interface SimulatorAssumptions {
  /** A msgid received before (retention: a day, or twice `msgidWindowMs`): refused, or handled as a new call. */
  duplicateMsgid: 'refuse' | 'accept';
  /** How far the time inside a msgid may be from the time of receipt; the CSB gateway allows 30 minutes. */
  msgidWindowMs: number;
  /**
   * insuplc_admdvs of a call about a person (and 2503 insu_optins): the code 1101 answers (`exact`), any code
   * of the person's pooling area (`pooling-area`: the Jiangxi client and the Python SDK send the hospital's
   * own area for local patients), or not checked (`off`, which also takes an empty code as local).
   */
  insuplcCheck: 'pooling-area' | 'exact' | 'off';
  /** The 参保地 1101 answers: the pooling area's code (`361199`, as in a real Jiangxi answer) or the district's. */
  admdvsCodes: 'pooling' | 'district';
}

export const defaultAssumptions: SimulatorAssumptions = {
  duplicateMsgid: 'refuse',
  msgidWindowMs: 30 * 60_000,
  insuplcCheck: 'pooling-area',
  admdvsCodes: 'pooling'
};

/**
 * Jiangxi pools insurance by city (市级统筹): the pooling area of a district `360102` is the city's `3601`,
 * written `360199` (XX99 = 市本级, the form of the real `361199`); `3699xx` is the province's own pool (省本级).
 */
export function poolingAreaCode(admdvs: string): string {
  return admdvs.startsWith('3699') ? admdvs : `${admdvs.slice(0, 4)}99`;
}

export function samePoolingArea(a: string, b: string): boolean {
  return /^\d{6}$/.test(a) && /^\d{6}$/.test(b) && poolingAreaCode(a) === poolingAreaCode(b);
}

/** The 参保地 the simulated 1101 answers for a person whose seed carries a district code. */
export function answeredAdmdvs(seeded: string, assumptions: Pick<SimulatorAssumptions, 'admdvsCodes'>): string {
  return assumptions.admdvsCodes === 'pooling' ? poolingAreaCode(seeded) : seeded;
}

/** Whether a 参保地 code that a call gives for a person is accepted (envelope insuplc_admdvs, 2503 insu_optins). */
export function acceptsInsuplc(
  given: string,
  seeded: string,
  assumptions: Pick<SimulatorAssumptions, 'admdvsCodes' | 'insuplcCheck'>
): boolean {
  switch (assumptions.insuplcCheck) {
    case 'off':
      return true;
    case 'exact':
      return given === answeredAdmdvs(seeded, assumptions);
    case 'pooling-area':
      return samePoolingArea(given, seeded);
  }
}
