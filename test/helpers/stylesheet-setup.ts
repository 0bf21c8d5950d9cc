import { buildStylesheet, stylesheetIsCurrent } from "../../functions/cli/stylesheet.js";

/** Vitest global setup: (re)builds functions/http/web/static/signpost.css if missing or stale. */
export default function buildStylesheetIfStale(): void {
  if (!stylesheetIsCurrent()) buildStylesheet();
}
