import { type PageResult, page } from "../page-result.js";

export const staffPaths = {
  signIn: "/staff/sign-in",
  newPassword: "/staff/sign-in/new-password",
  code: "/staff/sign-in/code",
  setUpApp: "/staff/sign-in/set-up-app",
  signOut: "/staff/sign-out",
  cases: "/staff/cases",
  case: (reference: string) => `/staff/cases/${reference}`,
  counts: "/staff/cases/counts.json",
  csv: "/staff/cases.csv",
  // Charts of reports over time, each with its table (district staff only).
  reports: "/staff/reports",
  status: (reference: string) => `/staff/cases/${reference}/status`,
  notes: (reference: string) => `/staff/cases/${reference}/notes`,
  redrive: (reference: string) => `/staff/cases/${reference}/redrive`,
  reroute: (reference: string) => `/staff/cases/${reference}/reroute`,
  stopProgressEmails: (reference: string) => `/staff/cases/${reference}/progress-emails/stop`,
  // case-duplicates.njk writes these two out, from the case's reference.
  linkDuplicate: (reference: string) => `/staff/cases/${reference}/duplicates/link`,
  unlinkDuplicate: (reference: string) => `/staff/cases/${reference}/duplicates/unlink`,
  // The clerk directory (district staff only), by parish ONS code.
  directory: "/staff/directory",
  directoryParish: (code: string) => `/staff/directory/${code}`,
  directoryOverride: (code: string) => `/staff/directory/${code}/override`,
  directoryRemove: (code: string) => `/staff/directory/${code}/remove`,
  directoryRefresh: (code: string) => `/staff/directory/${code}/refresh`,
} as const;

/** An ONS area code as the directory's paths take it, e.g. E04012345. */
export const PARISH_CODE_PATTERN = "[A-Z][0-9]{8}";

export const notFound = (): PageResult =>
  page("message.njk", { title: "Page not found", message: "There is no such page or case." }, [], 404);

/**
 * The pages worth going back to after signing in: the list (with its filters), a case (and its
 * re-route confirmation), reports, the directory.
 */
const RETURNABLE =
  /^\/staff\/(cases(\/[A-Za-z0-9-]{1,40}(\/reroute)?)?|reports|directory(\/[A-Z][0-9]{8}(\/remove)?)?)$/;

/**
 * A page to go back to after signing in, as a path on this site (never another host), so the
 * sign-in form cannot be used to send anyone elsewhere.
 */
export function returnPath(path: string, query = ""): string | undefined {
  // Printable ASCII only (a Location header takes nothing else), and no backslashes.
  if (!RETURNABLE.test(path) || query.length > 500 || !/^[\x21-\x5b\x5d-\x7e]*$/.test(query))
    return undefined;
  return query ? `${path}?${query}` : path;
}

/** A `return` value sent back by the sign-in form, if it is still one `returnPath` would give. */
export function checkedReturn(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const at = value.indexOf("?");
  return at < 0 ? returnPath(value) : returnPath(value.slice(0, at), value.slice(at + 1));
}
