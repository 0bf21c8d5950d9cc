import { LogFormatter, LogItem } from "@aws-lambda-powertools/logger";
import type { LogAttributes, UnformattedAttributes } from "@aws-lambda-powertools/logger/types";

/** Keys whose values are resident personal data or free text, wherever they appear in a log item. */
const PERSONAL_KEYS = new Set([
  "name",
  "email",
  "phone",
  "description",
  "when",
  "roadname",
  "reporter",
  "body",
]);
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// UK-style telephone numbers: 10–11 digits, optionally +44, spaces or hyphens between.
const PHONE = /(?:\+44\s?|\b0)(?:\d[\s-]?){9,10}\b/g;
// A clerk's one-click link carries its signed token in the path (an error page logs the path).
const LINK_TOKEN = /\/respond\/[^/\s?#"]+/g;

/**
 * The Powertools JSON layout, with personal data removed: known personal keys are replaced and any
 * email address or phone number inside any string (an SES error message, say) is masked. The
 * handlers never log personal data on purpose; this catches what slips in by accident.
 */
export class RedactingLogFormatter extends LogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const base: LogAttributes = {
      level: attributes.logLevel,
      message: attributes.message,
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
      cold_start: attributes.lambdaContext?.coldStart,
      function_name: attributes.lambdaContext?.functionName,
      function_request_id: attributes.lambdaContext?.awsRequestId,
      xray_trace_id: attributes.xRayTraceId,
    };
    return new LogItem({ attributes: redact({ ...base, ...additional }) as LogAttributes });
  }
}

export function redact(value: unknown, key = ""): unknown {
  if (PERSONAL_KEYS.has(key.toLowerCase())) return "[redacted]";
  if (typeof value === "string")
    return value.replace(LINK_TOKEN, "/respond/[token]").replace(EMAIL, "[email]").replace(PHONE, "[phone]");
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (value instanceof Error) return redact({ name: value.name, message: value.message, stack: value.stack });
  if (value && typeof value === "object") {
    // An error's "name" is its class, not a person's name.
    const isError = "stack" in value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, isError && k === "name" ? v : redact(v, k)]),
    );
  }
  return value;
}
