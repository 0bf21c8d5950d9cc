import { randomBytes, randomInt, randomUUID } from "node:crypto";
import type { Ids } from "#core/ports/ids.js";

/** Identifiers from the operating system's cryptographic random source. */
export const systemIds: Ids = {
  uuid: () => randomUUID(),
  int: (max) => randomInt(max),
  hex: (bytes) => randomBytes(bytes).toString("hex"),
  base64: (bytes) => randomBytes(bytes).toString("base64"),
};
