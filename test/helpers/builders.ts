import type { Case } from "#core/case/case.js";

/** The JSON body of `POST /api/reports`, as a resident's client sends it. */
export interface ReportBody {
  service: string;
  answers: Record<string, string>;
  location: { postcode?: string } | { lat: number; lng: number };
  description: string;
  roadName?: string;
  when?: string;
  reporter?: {
    name?: string;
    email?: string;
    phone?: string;
    shareWithParish?: boolean;
    wantsUpdates?: boolean;
  };
}

/** The answers that route a speeding report to the parish (a residential road, Speedwatch). */
export const SPEEDWATCH_ANSWERS: Readonly<Record<string, string>> = {
  danger: "no",
  "road-type": "residential",
  outcome: "speedwatch",
};

/**
 * A valid speeding report from a demo parish postcode (ZX2 1FD). `answers` is merged into the
 * default answers, so a test names only the answer it is about; every other field replaces.
 */
export function aReport(overrides: Partial<ReportBody> = {}): ReportBody {
  const { answers, ...rest } = overrides;
  return {
    service: "speeding",
    location: { postcode: "ZX2 1FD" },
    description: "Cars speed past the school.",
    ...rest,
    answers: { ...SPEEDWATCH_ANSWERS, ...answers },
  };
}

/** POSTs a report body (or raw text) to the JSON API of a running stack. */
export function postReport(
  base: string,
  body: ReportBody | object | string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${base}/api/reports`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/**
 * A case stored as intake stores it, for the demo district, last touched `minutesAgo` minutes ago
 * (old enough, by default, for the re-queue safety net to take it as stuck).
 */
export function aStoredCase(reference: string, overrides: Partial<Case> = {}, minutesAgo = 40): Case {
  const at = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const destination = { kind: "district" as const, code: "E07999999", name: "Exampleshire Vale" };
  return {
    reference,
    service: "speeding",
    status: "new",
    delivery: "queued",
    createdAt: at,
    updatedAt: at,
    answers: { ...SPEEDWATCH_ANSWERS },
    location: { lat: 54.61482, lng: 2.23385, postcode: "ZX2 1FD" },
    description: "Stored by the test.",
    destination,
    routing: { ruleId: "r", requested: "district", area: destination, reason: "test" },
    retainUntil: Math.floor(Date.now() / 1000) + 86_400,
    ...overrides,
  };
}
