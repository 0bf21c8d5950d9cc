/** Reads API Gateway v2 `cookies` (each "name=value") into a map; later duplicates lose. */
export function readCookies(cookies: readonly string[] | undefined): Map<string, string> {
  const jar = new Map<string, string>();
  for (const cookie of cookies ?? []) {
    const eq = cookie.indexOf("=");
    if (eq <= 0) continue;
    const name = cookie.slice(0, eq).trim();
    if (!jar.has(name)) jar.set(name, cookie.slice(eq + 1).trim());
  }
  return jar;
}

export interface CookieOptions {
  maxAgeSeconds: number;
  secure: boolean;
}

/** A session cookie: HttpOnly (no script can read it), SameSite=Lax (no cross-site POSTs carry it). */
export function sessionCookie(name: string, value: string, options: CookieOptions): string {
  return [
    `${name}=${value}`,
    "Path=/",
    `Max-Age=${options.maxAgeSeconds}`,
    "HttpOnly",
    "SameSite=Lax",
    ...(options.secure ? ["Secure"] : []),
  ].join("; ");
}
