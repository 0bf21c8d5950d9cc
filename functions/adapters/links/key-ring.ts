import * as z from "zod/mini";

/**
 * The keys clerks' links are signed with, as the secret holds them: `current` names the key new
 * links are signed with; every other property is a key by its id, e.g.
 * `{"current":"k2","k1":"…","k2":"…"}`. To rotate, add a key and point `current` at it; remove the
 * old key only once every link it signed has expired (30 days). The flat shape is the one Secrets
 * Manager can generate (`secretStringTemplate` plus `generateStringKey`).
 */
export interface KeyRing {
  current: string;
  keys: ReadonlyMap<string, string>;
}

/** Somewhere the ring is read from (the secret, cached); asked on every sign and check. */
export interface KeyRingSource {
  keyRing(): Promise<KeyRing>;
  /**
   * The ring read again now, unless it was read very recently: for a link naming a key the cached
   * ring lacks (signed by a function that saw a rotation first). Absent where the ring cannot change.
   */
  refreshed?(): Promise<KeyRing>;
}

export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
/** 256 bits as hex or base64 is 43+ characters; 32 is the least we accept from an operator. */
export const MIN_KEY_LENGTH = 32;

const ringSchema = z.pipe(
  z.record(z.string(), z.string()),
  z.transform((value: Record<string, string>, ctx) => {
    const { current, ...rest } = value;
    const keys = new Map(Object.entries(rest));
    const problems: string[] = [];
    if (current === undefined) problems.push('it has no "current" key id');
    else if (!keys.has(current))
      problems.push(`"current" names ${JSON.stringify(current)}, which it does not hold`);
    for (const [id, key] of keys) {
      if (!KEY_ID_PATTERN.test(id))
        problems.push(`key id ${JSON.stringify(id)} is not 1–32 letters, digits, - or _`);
      if (key.length < MIN_KEY_LENGTH)
        problems.push(`key ${id} is shorter than ${MIN_KEY_LENGTH} characters`);
    }
    for (const message of problems) ctx.issues.push({ code: "custom", input: value, message });
    return { current: current ?? "", keys };
  }),
);

/** Reads the secret's JSON; throws naming every problem (never the keys themselves). */
export function parseKeyRing(json: string): KeyRing {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error("The link signing secret is not JSON");
  }
  const parsed = z.safeParse(ringSchema, value);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((issue) => issue.message).join("; ");
    throw new Error(`The link signing secret is not a key ring: ${reasons}`);
  }
  return parsed.data;
}

/** A ring that never changes (tests, and a source already read). */
export const fixedKeyRing = (ring: KeyRing): KeyRingSource => ({ keyRing: async () => ring });
