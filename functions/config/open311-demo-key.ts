import { createHash } from "node:crypto";

/**
 * The Open311 client key of the fictional demo district: `npm start` accepts it and prints it. The
 * CDK config refuses its hash in a production environment.
 */
export const DEMO_OPEN311_API_KEY = "signpost-demo-open311-key";

export const DEMO_OPEN311_API_KEY_SHA256 = createHash("sha256")
  .update(DEMO_OPEN311_API_KEY, "utf8")
  .digest("hex");

/**
 * Each demo council's own Open311 key (a key belongs to one council): Exampleshire Vale's is the
 * one above, the others' add their id. The CDK config refuses these hashes in production too.
 */
export function demoOpen311Key(councilId: string): string {
  return councilId === "exampleshire-vale" ? DEMO_OPEN311_API_KEY : `${DEMO_OPEN311_API_KEY}-${councilId}`;
}

export const DEMO_OPEN311_API_KEY_SHA256S: readonly string[] = [
  "exampleshire-vale",
  "harrowfield",
  "saltmere",
].map((id) => createHash("sha256").update(demoOpen311Key(id), "utf8").digest("hex"));
