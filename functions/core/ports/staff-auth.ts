/**
 * How the case log signs staff in: Cognito's server-side flow in AWS, the local identity provider
 * (which speaks the same API) under `npm start`. Pages only see outcomes, never SDK errors.
 */
export interface StaffAuthenticator {
  signIn(email: string, password: string, context: SignInRequestContext): Promise<SignInOutcome>;
  /** Answers NEW_PASSWORD_REQUIRED: an account made by an administrator sets its own password. */
  newPassword(
    username: string,
    session: string,
    password: string,
    context: SignInRequestContext,
  ): Promise<SignInOutcome>;
  /** Answers SOFTWARE_TOKEN_MFA with the code from the person's authenticator app. */
  mfaCode(
    username: string,
    session: string,
    code: string,
    context: SignInRequestContext,
  ): Promise<SignInOutcome>;
  /**
   * MFA_SETUP, first half: a new authenticator secret for this sign-in, and the session that
   * continues it. Undefined when the session has expired.
   */
  startMfaSetup(session: string): Promise<{ secret: string; session: string } | undefined>;
  /** MFA_SETUP, second half: the first code from the newly added app, which confirms it. */
  finishMfaSetup(
    username: string,
    session: string,
    code: string,
    context: SignInRequestContext,
  ): Promise<SignInOutcome>;
}

export type StaffChallenge = "NEW_PASSWORD_REQUIRED" | "SOFTWARE_TOKEN_MFA" | "MFA_SETUP";

export type SignInOutcome =
  | { kind: "signed-in"; idToken: string; expiresIn: number }
  | { kind: "challenge"; challenge: StaffChallenge; session: string; username: string }
  | {
      kind: "refused";
      reason:
        | "wrong-credentials"
        | "too-many-attempts"
        | "session-expired"
        | "weak-password"
        | "wrong-code"
        | "password-reset-required"
        | "blocked"
        | "service-busy"
        | "unsupported";
      /** Cognito's own words where they help the person (the password policy it failed). */
      detail?: string;
    };

/** The browser's side of a sign-in, for Cognito's threat protection (adaptive authentication). */
export interface SignInRequestContext {
  ipAddress: string;
  serverName: string;
  serverPath: string;
  headers: Record<string, string>;
}

/** Remembers signed-out sessions until their tokens expire, so a copied cookie stops working. */
export interface SignedOutSessions {
  add(sessionId: string, expiresAt: number): Promise<void>;
  has(sessionId: string): Promise<boolean>;
}
