import { describe, expect, it } from "vitest";
import { systemIds } from "#adapters/system/system-ids.js";
import {
  checkCharacter,
  keyedReference,
  newReference,
  parseReference,
  REFERENCE_ALPHABET,
} from "#core/case/reference.js";

describe("Function: newReference", () => {
  it("formats a prefix, two groups of four and a valid check character", () => {
    const ref = newReference("SPD", (max) => systemIds.int(max));
    expect(ref).toMatch(/^SPD-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
    expect(parseReference(ref)).toBe(ref);
  });

  it("never uses characters that are easy to misread", () => {
    const refs = Array.from({ length: 2000 }, () =>
      newReference("SPD", (max) => systemIds.int(max)).slice(4),
    );
    expect(refs.join("")).not.toMatch(/[01OIUL]/);
  });

  it("is deterministic for a given random source", () => {
    expect(newReference("SPD", () => 0)).toBe(`SPD-2222-222${checkCharacter("2222222")}`);
  });
});

describe("Function: parseReference", () => {
  const ref = newReference("SPD", (n) => 7 % n);

  it("accepts lower case, spaces and missing hyphens", () => {
    expect(parseReference(ref.toLowerCase().replace(/-/g, " "))).toBe(ref);
    expect(parseReference(ref.replace(/-/g, ""))).toBe(ref);
  });

  it("rejects every single-character typo", () => {
    const chars = ref.replace(/-/g, "").slice(3);
    for (let i = 0; i < chars.length; i++) {
      for (const c of REFERENCE_ALPHABET) {
        if (c === chars[i]) continue;
        const typo = `SPD${chars.slice(0, i)}${c}${chars.slice(i + 1)}`;
        expect(parseReference(typo), typo).toBeUndefined();
      }
    }
  });

  it("rejects garbage", () => {
    for (const input of ["", "SPD", "SPD-0000-0000", "SPD-ABCD", "<script>", "SPD-AAAA-AAAAA"]) {
      expect(parseReference(input)).toBeUndefined();
    }
  });
});

describe("Function: keyedReference", () => {
  it("gives a key the same valid reference every time, and other keys others", () => {
    const ref = keyedReference("SPD", "speeding#client-key_0001");
    expect(parseReference(ref)).toBe(ref);
    expect(keyedReference("SPD", "speeding#client-key_0001")).toBe(ref);
    const others = new Set(
      Array.from({ length: 1000 }, (_, i) => keyedReference("SPD", `speeding#client-key_${i}`)),
    );
    expect(others.size).toBe(1000);
    expect(keyedReference("SPD", "speeding#ключ-ü")).not.toBe(keyedReference("SPD", "speeding#ключ-u"));
  });
});
