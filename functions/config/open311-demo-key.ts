import { createHash } from "node:crypto";

/**
 * The Open311 client key of the fictional demo district: `npm start` accepts it and prints it. The
 * CDK config refuses its hash in a production environment.
 */
export const DEMO_OPEN311_API_KEY = "signpost-demo-open311-key";

export const DEMO_OPEN311_API_KEY_SHA256 = createHash("sha256")
  .update(DEMO_OPEN311_API_KEY, "utf8")
  .digest("hex");
