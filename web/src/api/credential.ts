/**
 * Who an API call speaks for: the bearer token to send, and (for a staff sign-in) a way
 * to get a fresh one after a 401. The staff console's sign-in (`StaffAuth`) refreshes;
 * a talk-room device's credential (`shd_…`) and a party's token are fixed.
 */
export interface Credential {
  /** The token for the Authorization header now; null sends none. */
  bearer(): string | null;
  /** Called once after a 401; true when a new token is ready and the call is worth retrying. */
  refresh?(): Promise<boolean>;
}

/** A fixed bearer token: a talk-room device's credential or a party's token. */
export const tokenCredential = (token: string): Credential => ({ bearer: () => token });
