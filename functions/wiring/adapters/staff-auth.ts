import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { CognitoStaffAuth } from "#adapters/cognito/cognito-staff-auth.js";
import type { Config } from "../../config/env.js";
import { type Recorded, sdkClientConfig } from "../sdk-clients.js";

/**
 * Sign-in against the staff pool: Cognito in AWS, the local identity provider under `npm start`
 * (same SDK client, another endpoint).
 */
export function cognitoStaffAuth(
  config: Config,
  recorded: Recorded,
  pool: { userPoolId: string; clientId: string },
): CognitoStaffAuth {
  return new CognitoStaffAuth({
    client: recorded(new CognitoIdentityProviderClient(sdkClientConfig(config, config.COGNITO_ENDPOINT))),
    ...pool,
  });
}
