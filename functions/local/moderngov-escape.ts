/** Escaping for the local Modern.Gov server's HTML and XML. */

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** HTML-escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITIES[c] as string);
}
