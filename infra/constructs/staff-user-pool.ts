import { Duration, RemovalPolicy } from "aws-cdk-lib";
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
} from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";

/** Roles in the case log: `staff` see every case in the district; `clerk` only their parish's. */
export const staffGroups = ["staff", "clerk"] as const;

/**
 * Council staff sign-in for the case log. Accounts are created by an administrator (no self
 * sign-up), passwords are long, TOTP MFA is offered, and threat protection blocks credential
 * stuffing.
 */
export class StaffUserPool extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: { production: boolean }) {
    super(scope, id);
    this.userPool = new UserPool(this, "Pool", {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      mfa: Mfa.OPTIONAL,
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
    // The case log signs staff in server-side (issue: staff case log), so the client has a secret.
    this.client = this.userPool.addClient("CaseLog", {
      generateSecret: true,
      authFlows: { userSrp: true, adminUserPassword: true },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(8),
    });
  }
}
