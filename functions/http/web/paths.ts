/** Every URL of the resident form, in one place. */
export const paths = {
  home: "/",
  accessibility: "/accessibility",
  privacy: "/privacy",
  cookies: "/cookies",
  /** A clerk's one-click answer from the report email: shows the choice (GET), acts (POST). */
  clerkResponse: (token: string) => `/respond/${token}`,
  /** Residents look up a report's public status by reference and email address or postcode. */
  checkReport: "/check-your-report",
  start: (service: string) => `/${service}`,
  question: (service: string, questionId: string) => `/${service}/questions/${questionId}`,
  signpost: (service: string, ruleId: string) => `/${service}/signposted/${ruleId}`,
  location: (service: string) => `/${service}/location`,
  chooseLocation: (service: string) => `/${service}/location/choose`,
  outside: (service: string) => `/${service}/outside-area`,
  /** The location's council does not take this service. */
  notOffered: (service: string, council: string) =>
    `/${service}/not-offered?council=${encodeURIComponent(council)}`,
  details: (service: string) => `/${service}/details`,
  contact: (service: string) => `/${service}/contact`,
  check: (service: string) => `/${service}/check-answers`,
  confirmation: (service: string) => `/${service}/confirmation`,
} as const;

/** Pages reached from a "Change" link carry this, and go back to check answers when done. */
export const CHANGE_PARAM = "change";

export function withChange(path: string, change: boolean): string {
  return change ? `${path}?${CHANGE_PARAM}=1` : path;
}
