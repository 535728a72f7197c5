/** Hashes passwords for storage and checks them; the only place a password is handled. */
export abstract class PasswordHasher {
  abstract hash(password: string): Promise<string>;
  abstract verify(hash: string, password: string): Promise<boolean>;
  /** Spends the time of one verify without an account, so an unknown email answers as slowly as a known one. */
  abstract verifyNothing(password: string): Promise<void>;
}
