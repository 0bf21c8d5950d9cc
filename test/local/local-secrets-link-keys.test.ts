import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, describe, expect, it } from "vitest";
import { CLERK_LINK_DAYS, type ClerkLinkClaims } from "#core/links/clerk-link.js";
import { rotateLinkKeySecret } from "../../functions/cli/rotate-link-key-secret.js";
import { LINK_KEY_SECRET_NAME } from "../../functions/local/local-link-keys.js";
import { type LocalStack, startLocalStack } from "../../functions/local/local-stack.js";
import { withUnmetLimits } from "../helpers/unmet-limits.js";

// Clerks' link keys in the local stack: a ring made at first start on the local Secrets Manager
// endpoint, read by the functions that sign and check links through the real SDK client, rotated
// by `npm run rotate-link-key`, and kept across a restart with the rest of the data.

const root = join(import.meta.dirname, "../..");
const dataDir = mkdtempSync(join(tmpdir(), "signpost-link-keys-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const claims = (now = Date.now()): ClerkLinkClaims => ({
  reference: "SPD-AAAA-AAAA",
  action: "in-progress",
  destination: "E04999001",
  expiresAt: Math.floor(now / 1000) + CLERK_LINK_DAYS * 86_400,
  linkId: randomUUID(),
});
const keyIdOf = (token: string) => token.split(".")[0];

async function withStack<T>(use: (stack: LocalStack) => Promise<T>): Promise<T> {
  const stack = await startLocalStack(withUnmetLimits({ dataDir }));
  try {
    return await use(stack);
  } finally {
    await stack.close();
  }
}

const TIMEOUT = 120_000;

describe("clerks' link keys in the local stack", () => {
  let signedBeforeRotation = "";
  let firstKey = "";

  it(
    "gives the functions that sign or check links the secret and the addresses, as the CDK stack does",
    {
      timeout: TIMEOUT,
    },
    () =>
      withStack(async (stack) => {
        const base = stack.urls.api;
        for (const fn of ["dispatch", "digest"] as const)
          expect(stack.linkKeys.config(fn)).toMatchObject({
            CLERK_LINK_SECRET_ID: LINK_KEY_SECRET_NAME,
            SECRETS_MANAGER_ENDPOINT: stack.urls.secretsManager,
            PUBLIC_URL: `${base}/`,
            CASE_LOG_URL: `${base}/staff/`,
          });
        expect(stack.linkKeys.config("web")).toMatchObject({
          CLERK_LINK_SECRET_ID: LINK_KEY_SECRET_NAME,
          PUBLIC_URL: `${base}/`,
        });
        expect(stack.linkKeys.config("web").CASE_LOG_URL).toBeUndefined();
        // The other functions have no key to read (their roles in AWS may not read it).
        expect(stack.config.CLERK_LINK_SECRET_ID).toBeUndefined();
        expect(stack.urls.public).toBe(`${base}/`);
        expect(stack.linkKeys.secretArn).toMatch(
          /^arn:aws:secretsmanager:eu-west-2:000000000000:secret:signpost-clerk-link-keys-[A-Za-z0-9]{6}$/,
        );

        const ring = stack.linkKeys.ring();
        expect([...ring.keys.keys()]).toEqual([ring.current]);
        expect(ring.current).toMatch(/^k\d{17}$/);
        firstKey = ring.current;
        signedBeforeRotation = await stack.linkKeys.signer("dispatch").sign(claims());
        expect(keyIdOf(signedBeforeRotation)).toBe(firstKey);
        expect(await stack.linkKeys.signer("web").verify(signedBeforeRotation, new Date())).toMatchObject({
          ok: true,
          claims: { reference: "SPD-AAAA-AAAA", action: "in-progress" },
        });
      }),
  );

  it(
    "keeps the ring across a restart, and `npm run rotate-link-key` rotates it: old links still work, new ones use the new key",
    {
      timeout: TIMEOUT,
    },
    () =>
      withStack(async (stack) => {
        // The same key as before the restart: the link already emailed still checks.
        expect(stack.linkKeys.ring().current).toBe(firstKey);
        expect((await stack.linkKeys.signer("web").verify(signedBeforeRotation, new Date())).ok).toBe(true);

        const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "rotate-link-key"], {
          cwd: root,
          env: {
            ...process.env,
            SECRETS_MANAGER_ENDPOINT: stack.urls.secretsManager,
            CLERK_LINK_SECRET_ID: LINK_KEY_SECRET_NAME,
          },
        });
        const ring = stack.linkKeys.ring();
        expect(ring.current).not.toBe(firstKey);
        expect([...ring.keys.keys()]).toEqual([firstKey, ring.current]);
        expect(stdout).toContain(`New links are signed with key ${ring.current}`);
        // It prints ids, never a key.
        for (const key of ring.keys.values()) expect(stdout).not.toContain(key);

        const web = stack.linkKeys.signer("web");
        expect((await web.verify(signedBeforeRotation, new Date())).ok).toBe(true);
        const signedAfter = await stack.linkKeys.signer("digest").sign(claims());
        expect(keyIdOf(signedAfter)).toBe(ring.current);
        expect((await web.verify(signedAfter, new Date())).ok).toBe(true);
      }),
  );

  it(
    "drops a retired key 31 days after its retirement: its links have all expired by then",
    {
      timeout: TIMEOUT,
    },
    () =>
      withStack(async (stack) => {
        const client = new SecretsManagerClient({
          endpoint: stack.urls.secretsManager,
          region: "eu-west-2",
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
        });
        try {
          const retiredAt = Date.now();
          const secondKey = stack.linkKeys.ring().current;
          const rotate = (now: number) =>
            rotateLinkKeySecret({ client, secretId: stack.linkKeys.secretArn, now: new Date(now) });
          // The second key was made (and the first retired) a moment before `retiredAt`: 31 days
          // and a minute later the first key goes; the second, retired only now, stays.
          const later = await rotate(retiredAt + 31 * 86_400_000 + 60_000);
          expect(later.dropped).toEqual([firstKey]);
          expect([...later.ring.keys.keys()]).toEqual([secondKey, later.added]);
          expect(await stack.linkKeys.signer("web").verify(signedBeforeRotation, new Date())).toEqual({
            ok: false,
            refusal: "unknown-key",
          });
        } finally {
          client.destroy();
        }
      }),
  );
});
