import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SubmitReportResult } from "#core/use-cases/submit-report.js";
import {
  countCasesGivenUp,
  countReportFailed,
  countReportHeld,
  countReportReceived,
  countReportRefused,
  countReportSent,
} from "#http/metrics.js";

// The handlers' counts as CloudWatch embedded metric format lines: what CloudWatch would turn into
// metrics in the Signpost namespace, with the destination kind as a dimension.

interface EmfLine {
  _aws: {
    CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }>;
  };
  [key: string]: unknown;
}

let lines: EmfLine[];
beforeEach(() => {
  lines = [];
  vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
  vi.stubEnv("POWERTOOLS_METRICS_NAMESPACE", "SignpostTest");
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(JSON.parse(String(chunk)) as EmfLine);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const created = (kind: "parish" | "district", replayed = false): SubmitReportResult => ({
  outcome: "created",
  reference: "SPD-AAAA-AAA4",
  destination: { kind, code: "E04999001", name: "Ashcombe" },
  replayed,
});

describe("report metrics", () => {
  it("counts a received report by destination kind, signposted ones included", () => {
    countReportReceived(created("parish"));
    countReportReceived(created("district"));
    countReportReceived({ outcome: "signpost", ruleId: "r", signpost: {} as never });
    expect(lines.map((l) => [l.destination, l.ReportsReceived, l.service])).toEqual([
      ["parish", 1, "signpost"],
      ["district", 1, "signpost"],
      ["signposted", 1, "signpost"],
    ]);
    const [emf] = lines[0]?._aws.CloudWatchMetrics ?? [];
    expect(emf?.Namespace).toBe("SignpostTest");
    expect(emf?.Dimensions).toEqual([["service", "destination"]]);
    expect(emf?.Metrics.map((m) => m.Name)).toEqual(["ReportsReceived"]);
  });

  it("does not count a replayed submission twice", () => {
    countReportReceived(created("parish", true));
    expect(lines).toEqual([]);
  });

  it("counts sends, failed attempts (retrying or last) and cases given up", () => {
    countReportSent("parish");
    countReportSent("district");
    countReportFailed(false);
    countReportFailed(true);
    countCasesGivenUp(3);
    expect(
      lines.map((l) => [l.ReportsSent ?? l.ReportsFailed ?? l.CasesGivenUp, l.destination ?? l.attempt]),
    ).toEqual([
      [1, "parish"],
      [1, "district"],
      [1, "retrying"],
      [1, "last"],
      [3, undefined],
    ]);
  });

  it("counts a report refused as invalid apart from retried ones, and reports held for a digest", () => {
    countReportRefused();
    countReportHeld("parish");
    expect(lines.map((l) => [l.ReportsFailed ?? l.ReportsHeld, l.attempt ?? l.destination])).toEqual([
      [1, "permanent"],
      [1, "parish"],
    ]);
  });

  it("writes nothing when POWERTOOLS_METRICS_DISABLED is set (as in every other test)", () => {
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
    countReportSent("parish");
    expect(lines).toEqual([]);
  });
});
