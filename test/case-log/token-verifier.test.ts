import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, type TokenVerifier } from "../../functions/http/case-log/token-verifier.js";
import {
  type LocalIdentityProvider,
  signRs256,
  startLocalIdentityProvider,
} from "../../functions/local/identity-provider.js";

// The local issuer makes real RS256 tokens; the verifier (aws-jwt-verify, as in AWS) fetches its
// JWKS over HTTP and accepts only valid, unexpired ID tokens of this pool and client.

let idp: LocalIdentityProvider;
let verifier: TokenVerifier;
beforeAll(async () => {
  idp = await startLocalIdentityProvider({
    users: [
      { email: "staff@example.org", password: "right-password", groups: ["staff"] },
      { email: "clerk@example.org", password: "clerk-password", groups: ["clerk"], parish: "E04999901" },
      { email: "nobody@example.org", password: "no-groups", groups: [] },
    ],
  });
  verifier = createTokenVerifier({ issuer: idp.issuer, clientId: idp.clientId });
});
afterAll(async () => {
  await idp?.close();
});

const nowSeconds = () => Math.floor(Date.now() / 1000);
const claims = () => ({
  sub: "00000000-0000-4000-a000-000000000001",
  iss: idp.issuer,
  aud: idp.clientId,
  token_use: "id",
  "cognito:groups": ["staff"],
  iat: nowSeconds(),
  exp: nowSeconds() + 600,
});

describe("local identity provider", () => {
  it("serves its JWKS and signs in with the right password only", async () => {
    const jwks = (await (await fetch(idp.jwksUri)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(jwks.keys[0]).not.toHaveProperty("d");

    expect(idp.signIn("staff@example.org", "wrong")).toBeUndefined();
    expect(idp.signIn("ghost@example.org", "right-password")).toBeUndefined();
    const tokens = idp.signIn("STAFF@example.org", "right-password");
    expect(tokens?.expiresIn).toBe(3600);
    const payload = JSON.parse(Buffer.from(tokens?.idToken.split(".")[1] ?? "", "base64url").toString());
    expect(payload).toMatchObject({ iss: idp.issuer, aud: idp.clientId, token_use: "id" });
    expect(payload.origin_jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload["cognito:groups"]).toEqual(["staff"]);
  });
});

describe("token verifier", () => {
  it("accepts a signed-in staff member's ID token", async () => {
    const tokens = idp.signIn("staff@example.org", "right-password");
    const identity = await verifier.verify(tokens?.idToken ?? "");
    expect(identity).toMatchObject({ role: "staff", email: "staff@example.org" });
    expect(identity?.expiresAt).toBeGreaterThan(nowSeconds());
  });

  it("gives a clerk their parish", async () => {
    const identity = await verifier.verify(idp.signIn("clerk@example.org", "clerk-password")?.idToken ?? "");
    expect(identity).toMatchObject({ role: "clerk", parish: "E04999901" });
  });

  it("refuses a user in neither group", async () => {
    expect(
      await verifier.verify(idp.signIn("nobody@example.org", "no-groups")?.idToken ?? ""),
    ).toBeUndefined();
  });

  it("refuses an access token where an ID token is needed", async () => {
    expect(
      await verifier.verify(idp.signIn("staff@example.org", "right-password")?.accessToken ?? ""),
    ).toBeUndefined();
  });

  it.each([
    ["expired", () => idp.signJwt({ ...claims(), iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 })],
    [
      "from another issuer",
      () => idp.signJwt({ ...claims(), iss: "https://cognito-idp.eu-west-2.amazonaws.com/x" }),
    ],
    ["for another client", () => idp.signJwt({ ...claims(), aud: "someone-else" })],
    [
      "signed by another key with the pool's kid",
      () => {
        const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
        const kid = idp.jwks().keys[0]?.kid as string;
        return signRs256(claims(), other, kid);
      },
    ],
    [
      "with a payload changed after signing",
      () => {
        const [header, , signature] = idp.signJwt({ ...claims(), "cognito:groups": ["clerk"] }).split(".");
        const forged = Buffer.from(JSON.stringify(claims())).toString("base64url");
        return `${header}.${forged}.${signature}`;
      },
    ],
    [
      "unsigned (alg none)",
      () => {
        const header = Buffer.from(JSON.stringify({ alg: "none", kid: idp.jwks().keys[0]?.kid })).toString(
          "base64url",
        );
        return `${header}.${Buffer.from(JSON.stringify(claims())).toString("base64url")}.`;
      },
    ],
    ["not a JWT at all", () => "not-a-token"],
    ["empty", () => ""],
  ])("refuses a token %s", async (_, make) => {
    expect(await verifier.verify(make())).toBeUndefined();
  });

  it("refuses a plain-http JWKS anywhere but loopback", () => {
    expect(() => createTokenVerifier({ issuer: "http://idp.example.org/pool", clientId: "x" })).toThrow(
      /https/,
    );
  });

  it("raises a JWKS that cannot be fetched instead of calling the token bad", async () => {
    const down = createTokenVerifier(
      { issuer: idp.issuer, clientId: idp.clientId },
      {
        fetch: async () => {
          throw new Error("connect ECONNREFUSED");
        },
      },
    );
    const token = idp.signIn("staff@example.org", "right-password")?.idToken ?? "";
    await expect(down.verify(token)).rejects.toThrow();
  });
});
