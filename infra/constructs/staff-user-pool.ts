import { Duration, RemovalPolicy } from "aws-cdk-lib";
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";

/** Roles in the case log: `staff` see every case in the district; `clerk` only their parish's. */
export const staffGroups = ["staff", "clerk"] as const;

/**
 * Council staff sign-in for the case log. Accounts are created by an administrator (no self
 * sign-up), passwords are long, TOTP MFA is required in production (offered elsewhere), and threat protection blocks credential
 * stuffing. A clerk's parish (ONS code) is the custom attribute `parish`, and everyone's council
 * (its id) is `council`, both set by an administrator and carried in ID tokens as `custom:parish`
 * and `custom:council`.
 *
 * The case log's app client has no secret: the case log function signs staff in server-side with
 * AdminInitiateAuth (ADMIN_USER_PASSWORD_AUTH), which needs the function role's IAM credentials, and
 * the client allows no other password flow. It never keeps refresh tokens.
 */
export class StaffUserPool extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly mfaRequired: boolean;

  constructor(scope: Construct, id: string, props: { production: boolean }) {
    super(scope, id);
    this.mfaRequired = props.production;
    this.userPool = new UserPool(this, "Pool", {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      // Production requires an authenticator app (the case log sets one up at the first sign-in);
      // elsewhere it is offered, so the demo logins work without one.
      mfa: props.production ? Mfa.REQUIRED : Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      customAttributes: {
        // A clerk's parish ONS code, e.g. E04000001: which cases a clerk may see.
        parish: new StringAttribute({ minLen: 9, maxLen: 9, mutable: true }),
        // The council (its id in cdk.json) whose cases they see: every staff member and clerk has
        // one. Mutable, so an administrator can correct a mistake without deleting the account
        // (a custom attribute's mutability cannot be changed after the pool exists); staff cannot
        // write it (writeAttributes below).
        council: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: props.production,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const group of staffGroups) {
      new CfnUserPoolGroup(this, `${group}Group`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
        description:
          group === "staff" ? "District council staff: every case" : "Parish clerks: their parish's cases",
      });
    }
    this.client = this.userPool.addClient("CaseLog", {
      generateSecret: false,
      // Only the IAM-signed admin flow: nobody can sign in through this client without the role.
      authFlows: { adminUserPassword: true },
      // No hosted UI or OAuth redirects (CDK would otherwise allow the code and implicit grants).
      disableOAuth: true,
      // An unknown address gets "Incorrect username or password." as a wrong password does. Cognito
      // still locks only real accounts ("Password attempts exceeded"), so the sign-in page shows
      // one message for both (local identity provider: the same answers).
      preventUserExistenceErrors: true,
      // Time for each sign-in step, including installing an authenticator app (default 3 minutes).
      authSessionValidity: Duration.minutes(15),
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      // The shortest allowed: the case log never keeps refresh tokens.
      refreshTokenValidity: Duration.minutes(60),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, givenName: true, familyName: true })
        .withCustomAttributes("parish", "council"),
      // Staff may change only their names; email, parish and council are set by an administrator.
      writeAttributes: new ClientAttributes().withStandardAttributes({ givenName: true, familyName: true }),
    });
  }
}
