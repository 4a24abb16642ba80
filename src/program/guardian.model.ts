import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { invalid } from '../errors.js';
import type { GuardianRow } from './guardian.table.js';
import { plainText } from './program.model.js';

/** A protégé's guardian as the API shows it: `id` is the guardian's person id. */
export interface Guardian {
  id: number;
  protegeId: number;
  name: string;
  /** The guardian's first address; null for a parent the program reaches only by phone or letter. */
  email: string | null;
  /** E.164. */
  phone: string | null;
  relationship: string;
}

export const toGuardian = (r: GuardianRow, person: { name: string; email: string | null }): Guardian => ({
  id: r.person_id,
  protegeId: r.protege_id,
  name: person.name,
  email: person.email,
  phone: r.phone,
  relationship: r.relationship,
});

/**
 * A phone number as people type it ("(415) 555-0132", "+44 20 7946 0958"), in E.164; a number
 * written without a country code is read in `defaultCountry`. Only a number valid for its country is
 * kept: a coordinator who calls a wrong number about a child calls a stranger.
 */
export function normalizePhone(field: string, value: string, defaultCountry: string): string {
  const v = value.trim();
  // Not extracted from surrounding words: "call after 5, 415 555 0132" is a note, not a number.
  const phone = parsePhoneNumberFromString(v, { defaultCountry: defaultCountry as CountryCode, extract: false });
  if (!phone || !phone.isValid()) throw invalid(field, `not a valid phone number: ${JSON.stringify(value)} (write a number of ${defaultCountry}, or start with + and the country code)`);
  return phone.number;
}

/** How the guardian is related to the protégé: plain text, at most 50 characters. */
export function relationshipText(value: string): string {
  const v = plainText('relationship', value.replace(/[ \t]+/g, ' '));
  if (v.length > 50) throw invalid('relationship', 'must be at most 50 characters');
  return v;
}
