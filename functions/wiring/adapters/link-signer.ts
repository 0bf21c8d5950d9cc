import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createHmacLinkSigner } from "#adapters/links/hmac-link-signer.js";
import { secretsManagerKeyRing } from "#adapters/secrets/secrets-manager-key-ring.js";
import type { LinkSigner } from "#core/ports/link-signer.js";
import type { Config } from "../../config/env.js";
import { type Recorded, sdkClientConfig } from "../sdk-clients.js";

/**
 * Clerks' one-click links, signed with the key ring in Secrets Manager (the local endpoint under
 * `npm start`). Undefined where no secret is configured: emails then carry no one-click links.
 */
export function linkSigner(config: Config, adapters: { recorded: Recorded }): LinkSigner | undefined {
  if (!config.CLERK_LINK_SECRET_ID) return undefined;
  const client = adapters.recorded(
    new SecretsManagerClient(sdkClientConfig(config, config.SECRETS_MANAGER_ENDPOINT)),
  );
  return createHmacLinkSigner(secretsManagerKeyRing({ client, secretId: config.CLERK_LINK_SECRET_ID }));
}
