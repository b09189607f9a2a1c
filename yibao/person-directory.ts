import { eq, sql as sqlText } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/connection';
import { yibaoPersons } from '../db/schema/yibao';
import type { FieldCrypto } from '../crypto/field-encryption';
import { primaryInsurance, type PersonInfo } from './transactions/1101-person-info';

export interface RememberedPerson {
  insuplcAdmdvs: string;
  certNoEnc: string | null;
  certNoIndex: string | null;
  cardNoEnc: string | null;
  cardNoIndex: string | null;
}

/**
 * What 1101 told us about insured persons, which later envelopes need: insuplc_admdvs for every call whose
 * input carries psn_no, and the ID number (encrypted + blind index) so those calls are logged under it.
 * Kept in `yibao_persons`, with a bounded in-process cache refreshed by every 1101.
 */
export class PersonDirectory {
  /** psn_no → what 1101 told us; bounded, and refreshed by every 1101. */
  private readonly persons = new Map<string, RememberedPerson>();

  constructor(
    private readonly db: DatabaseHandle['db'],
    private readonly fieldCrypto: FieldCrypto
  ) {}

  /** Stores what 1101 told about the person, refreshing the cache. */
  async remember(person: PersonInfo, cardNo: string | undefined): Promise<void> {
    const insurance = primaryInsurance(person);
    if (!insurance) return;
    const crypto = this.fieldCrypto;
    const values = {
      psnNo: person.baseinfo.psnNo,
      insuplcAdmdvs: insurance.insuplcAdmdvs,
      insutype: insurance.insutype,
      certNoEnc: crypto.encrypt(person.baseinfo.certno),
      certNoIndex: crypto.blindIndex('id-number', person.baseinfo.certno),
      cardNoEnc: cardNo ? crypto.encrypt(cardNo) : null,
      cardNoIndex: cardNo ? crypto.blindIndex('card-number', cardNo) : null,
      updatedAt: new Date()
    };
    const [stored] = await this.db
      .insert(yibaoPersons)
      .values(values)
      .onConflictDoUpdate({
        target: yibaoPersons.psnNo,
        set: {
          ...values,
          cardNoEnc: sqlText`coalesce(excluded.card_no_enc, ${yibaoPersons.cardNoEnc})`,
          cardNoIndex: sqlText`coalesce(excluded.card_no_index, ${yibaoPersons.cardNoIndex})`
        }
      })
      .returning();
    if (stored) this.cache(stored.psnNo, stored);
  }

  private cache(psnNo: string, person: RememberedPerson): void {
    if (this.persons.size >= 10_000) this.persons.delete(this.persons.keys().next().value ?? '');
    this.persons.set(psnNo, {
      insuplcAdmdvs: person.insuplcAdmdvs,
      certNoEnc: person.certNoEnc,
      certNoIndex: person.certNoIndex,
      cardNoEnc: person.cardNoEnc,
      cardNoIndex: person.cardNoIndex
    });
  }

  /** What is known of a person by psn_no: the cache, else the table. */
  async lookup(psnNo: string): Promise<RememberedPerson | undefined> {
    const cached = this.persons.get(psnNo);
    if (cached) return cached;
    const [row] = await this.db
      .select({
        insuplcAdmdvs: yibaoPersons.insuplcAdmdvs,
        certNoEnc: yibaoPersons.certNoEnc,
        certNoIndex: yibaoPersons.certNoIndex,
        cardNoEnc: yibaoPersons.cardNoEnc,
        cardNoIndex: yibaoPersons.cardNoIndex
      })
      .from(yibaoPersons)
      .where(eq(yibaoPersons.psnNo, psnNo));
    if (row) this.cache(psnNo, row);
    return row;
  }
}
