/** "Exampleshire Vale" → "exampleshire-vale"; "King's Lynn & West Norfolk" → "kings-lynn-west-norfolk". */
export function slug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f'’]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
