import type { Council } from "./council.js";

/** The councils' names in running text: "A, B and C". */
export function councilNames(councils: readonly Pick<Council, "name">[]): string {
  const names = councils.map((c) => c.name);
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
