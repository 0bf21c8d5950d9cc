import {
  AssociateSoftwareTokenCommand,
  VerifySoftwareTokenCommand,
  AdminInitiateAuthCommand,
  type AdminInitiateAuthCommandOutput,
  AdminRespondToAuthChallengeCommand,
  type CognitoIdentityProviderClient,
  type ContextDataType,
} from "@aws-sdk/client-cognito-identity-provider";
import type {
  SignInOutcome,
  SignInRequestContext,
  StaffAuthenticator,
  StaffChallenge,
} from "#core/ports/staff-auth.js";

/**
 * Staff sign-in against the Cognito user pool, server-side: AdminInitiateAuth with
 * ADMIN_USER_PASSWORD_AUTH, authorised by the function's IAM role, so the app client needs no
 * secret and nobody can use its password flow from outside. Passwords go from the form to Cognito
 * over TLS and are never stored or logged. Locally the same client talks to the local identity
 * provider, which speaks this part of Cognito's API.
 */
export class CognitoStaffAuth implements StaffAuthenticator {
  readonly #client: CognitoIdentityProviderClient;
  readonly #userPoolId: string;
  readonly #clientId: string;

  constructor(options: { client: CognitoIdentityProviderClient; userPoolId: string; clientId: string }) {
    this.#client = options.client;
    this.#userPoolId = options.userPoolId;
    this.#clientId = options.clientId;
  }

  signIn(email: string, password: string, context: SignInRequestContext): Promise<SignInOutcome> {
    return this.#attempt(email, () =>
      this.#client.send(
        new AdminInitiateAuthCommand({
          UserPoolId: this.#userPoolId,
          ClientId: this.#clientId,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: email, PASSWORD: password },
          ContextData: contextData(context),
        }),
      ),
    );
  }

  newPassword(username: string, session: string, password: string, context: SignInRequestContext) {
    return this.#respond("NEW_PASSWORD_REQUIRED", username, session, { NEW_PASSWORD: password }, context);
  }

  mfaCode(username: string, session: string, code: string, context: SignInRequestContext) {
    return this.#respond("SOFTWARE_TOKEN_MFA", username, session, { SOFTWARE_TOKEN_MFA_CODE: code }, context);
  }

  async startMfaSetup(session: string): Promise<{ secret: string; session: string } | undefined> {
    try {
      const output = await this.#client.send(new AssociateSoftwareTokenCommand({ Session: session }));
      return output.SecretCode && output.Session
        ? { secret: output.SecretCode, session: output.Session }
        : undefined;
    } catch (error) {
      const outcome = refusal(error);
      if (outcome.kind === "refused" && outcome.reason === "session-expired") return undefined;
      throw error;
    }
  }

  async finishMfaSetup(
    username: string,
    session: string,
    code: string,
    context: SignInRequestContext,
  ): Promise<SignInOutcome> {
    let verified: string | undefined;
    try {
      const output = await this.#client.send(
        new VerifySoftwareTokenCommand({ Session: session, UserCode: code, FriendlyDeviceName: "Case log" }),
      );
      if (output.Status !== "SUCCESS" || !output.Session) return { kind: "refused", reason: "wrong-code" };
      verified = output.Session;
    } catch (error) {
      // A wrong code comes back as EnableSoftwareTokenMFAException.
      if (error instanceof Error && error.name === "EnableSoftwareTokenMFAException") {
        return { kind: "refused", reason: "wrong-code" };
      }
      return refusal(error);
    }
    return this.#respond("MFA_SETUP", username, verified, {}, context);
  }

  #respond(
    challenge: StaffChallenge,
    username: string,
    session: string,
    answer: Record<string, string>,
    context: SignInRequestContext,
  ): Promise<SignInOutcome> {
    return this.#attempt(username, () =>
      this.#client.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: this.#userPoolId,
          ClientId: this.#clientId,
          ChallengeName: challenge,
          Session: session,
          ChallengeResponses: { USERNAME: username, ...answer },
          ContextData: contextData(context),
        }),
      ),
    );
  }

  async #attempt(
    username: string,
    call: () => Promise<AdminInitiateAuthCommandOutput>,
  ): Promise<SignInOutcome> {
    let output: AdminInitiateAuthCommandOutput;
    try {
      output = await call();
    } catch (error) {
      return refusal(error);
    }
    const result = output.AuthenticationResult;
    if (result?.IdToken) {
      return { kind: "signed-in", idToken: result.IdToken, expiresIn: result.ExpiresIn ?? 3600 };
    }
    const challenge = output.ChallengeName;
    if (
      (challenge === "NEW_PASSWORD_REQUIRED" ||
        challenge === "SOFTWARE_TOKEN_MFA" ||
        challenge === "MFA_SETUP") &&
      output.Session
    ) {
      return {
        kind: "challenge",
        challenge,
        session: output.Session,
        // Challenges are answered with the pool's own user name, not the email alias signed in with.
        username: output.ChallengeParameters?.USER_ID_FOR_SRP ?? username,
      };
    }
    // SMS, email codes or anything else this pool does not offer the case log.
    return { kind: "refused", reason: "unsupported", detail: String(challenge) };
  }
}

/** What Cognito's threat protection scores a sign-in on: the person's IP and browser, not ours. */
function contextData(context: SignInRequestContext): ContextDataType {
  return {
    IpAddress: context.ipAddress,
    ServerName: context.serverName,
    ServerPath: context.serverPath,
    HttpHeaders: Object.entries(context.headers).map(([headerName, headerValue]) => ({
      headerName,
      headerValue,
    })),
  };
}

function refusal(error: unknown): SignInOutcome {
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : "";
  switch (name) {
    case "NotAuthorizedException":
    case "UserNotFoundException":
    case "UserNotConfirmedException":
      // Cognito says several things with this one exception; only its message tells them apart.
      if (/attempts exceeded/i.test(message)) return { kind: "refused", reason: "too-many-attempts" };
      if (/session is expired|invalid session|session can only be used once/i.test(message)) {
        return { kind: "refused", reason: "session-expired" };
      }
      if (/temporary password has expired/i.test(message)) {
        return { kind: "refused", reason: "password-reset-required" };
      }
      if (/security reasons/i.test(message)) return { kind: "refused", reason: "blocked" };
      return { kind: "refused", reason: "wrong-credentials" };
    case "InvalidPasswordException":
      return { kind: "refused", reason: "weak-password", detail: message };
    case "CodeMismatchException":
    case "ExpiredCodeException":
      return { kind: "refused", reason: "wrong-code" };
    case "PasswordResetRequiredException":
      return { kind: "refused", reason: "password-reset-required" };
    case "TooManyFailedAttemptsException":
      return { kind: "refused", reason: "too-many-attempts" };
    case "TooManyRequestsException":
    case "LimitExceededException":
      // Cognito's own request quotas: the service is busy, not the person at fault.
      return { kind: "refused", reason: "service-busy", detail: name };
    default:
      // Configuration or service faults are ours, not the user's: let the handler log them.
      throw error;
  }
}
