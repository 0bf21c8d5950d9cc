import { describe, expect, it } from "vitest";
import { createHmacLinkSigner } from "#adapters/links/hmac-link-signer.js";
import { fixedKeyRing } from "#adapters/links/key-ring.js";
import type { Destination } from "#core/case/case.js";
import { CLERK_ACTIONS } from "#core/links/clerk-link.js";
import { caseLogCaseUrl, createClerkLinks } from "#core/use-cases/clerk-links.js";
import { staffPaths } from "#http/case-log/paths.js";
import { paths } from "#http/web/paths.js";
import { countingIds } from "../../helpers/counting-ids.js";

// A report email's three signed answers: one link per answer, each its own id, naming the case and
// the body the email goes to, expiring 30 days on; none for the district team.

const NOW = new Date("2026-12-02T16:58:24.086Z");
const clock = { now: () => NOW };
const signer = createHmacLinkSigner(fixedKeyRing({ current: "k1", keys: new Map([["k1", "k".repeat(40)]]) }));
const ASHCOMBE: Destination = { kind: "parish", code: "E04999001", name: "Ashcombe" };
const DISTRICT: Destination = { kind: "district", code: "E07999999", name: "Exampleshire Vale" };
const PUBLIC_URL = "https://report.council.example/";
const tokenOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);

describe("createClerkLinks", () => {
  const clerkLinks = createClerkLinks({ signer, publicUrl: PUBLIC_URL, ids: countingIds(), clock });

  it("signs one link per answer, under the form's answer page, each verifying to its claims", async () => {
    const links = await clerkLinks({ reference: "SPD-AAAA-AAA4" }, ASHCOMBE);
    expect(Object.keys(links?.urls ?? {})).toEqual([...CLERK_ACTIONS]);
    const expiresAt = Math.floor(NOW.getTime() / 1000) + 30 * 86_400;
    expect(links?.expiresAt).toBe(new Date(expiresAt * 1000).toISOString());
    const ids = new Set<string>();
    for (const action of CLERK_ACTIONS) {
      const url = links?.urls[action] ?? "";
      expect(url).toBe(new URL(paths.clerkResponse(tokenOf(url)).slice(1), PUBLIC_URL).href);
      const check = await signer.verify(tokenOf(url), NOW);
      expect(check).toEqual({
        ok: true,
        claims: {
          reference: "SPD-AAAA-AAA4",
          action,
          destination: ASHCOMBE.code,
          expiresAt,
          linkId: expect.any(String),
        },
      });
      if (check.ok) ids.add(check.claims.linkId);
    }
    expect(ids.size).toBe(3);
  });

  it("takes the public address with or without its closing slash", async () => {
    const noSlash = createClerkLinks({
      signer,
      publicUrl: "https://report.council.example",
      ids: countingIds(),
      clock,
    });
    const links = await noSlash({ reference: "SPD-AAAA-AAA4" }, ASHCOMBE);
    expect(links?.urls.received).toMatch(/^https:\/\/report\.council\.example\/respond\/k1\./);
  });

  it("signs nothing for the district team, which answers in the case log", async () => {
    expect(await clerkLinks({ reference: "SPD-AAAA-AAA4" }, DISTRICT)).toBeUndefined();
  });

  it("gives fresh links, with new ids, for every send", async () => {
    const first = await clerkLinks({ reference: "SPD-AAAA-AAA4" }, ASHCOMBE);
    const second = await clerkLinks({ reference: "SPD-AAAA-AAA4" }, ASHCOMBE);
    expect(second?.urls.received).not.toBe(first?.urls.received);
  });
});

describe("caseLogCaseUrl", () => {
  it("is the case log's own path for the case, under its configured address", () => {
    for (const base of ["https://council.example/staff/", "https://council.example/staff"]) {
      expect(caseLogCaseUrl(base, "SPD-AAAA-AAA4")).toBe(
        `https://council.example${staffPaths.case("SPD-AAAA-AAA4")}`,
      );
    }
  });
});
