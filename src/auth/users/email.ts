/**
 * How an email is written down: trimmed, in Unicode NFKC, so that one address typed as precomposed (NFC)
 * or decomposed (NFD) characters, or with compatibility forms (full-width letters), is one string.
 */
export function canonicalEmail(email: string): string {
  return email.trim().normalize('NFKC');
}

/** What accounts are unique by and looked up by: the canonical form in lower case. */
export function normalizedEmail(email: string): string {
  return canonicalEmail(email).toLowerCase();
}

/** No character nobody can see or type on purpose in an address: controls, format characters (zero-width...), spaces. */
export const VISIBLE_ONLY = /^[^\p{Cc}\p{Cf}\p{Z}]*$/u;

/** Passwords are compared as NFC, so the same password typed on any keyboard or OS verifies. */
export function canonicalPassword(password: string): string {
  return password.normalize('NFC');
}
