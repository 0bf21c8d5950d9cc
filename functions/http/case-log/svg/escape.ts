/** Text for SVG markup: every character that could open a tag, an entity or end an attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A coordinate in the markup: one decimal is a tenth of a pixel, enough at any size drawn here. */
export const n = (value: number): string => value.toFixed(1);
