import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/** The stylesheet every page links; the version is appended so a deploy's new CSS is fetched. */
export const STYLESHEET_PATH = "/assets/signpost.css";

const versions = new Map<string, string | undefined>();

/**
 * The first 10 hex digits of the SHA-256 of a file, read once per process; undefined when the file
 * is missing (then pages link the stylesheet unversioned rather than fail to render).
 */
export function fileVersion(file: string): string | undefined {
  if (!versions.has(file)) {
    try {
      versions.set(file, createHash("sha256").update(readFileSync(file)).digest("hex").slice(0, 10));
    } catch {
      versions.set(file, undefined);
    }
  }
  return versions.get(file);
}

/** The stylesheet's URL carrying its content version: `/assets/signpost.css?v=<hash>`. */
export function stylesheetHref(file: string): string {
  const version = fileVersion(file);
  return version ? `${STYLESHEET_PATH}?v=${version}` : STYLESHEET_PATH;
}
