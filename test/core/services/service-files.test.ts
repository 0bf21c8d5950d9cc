import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ServiceDefinitionError } from "#core/errors.js";
import { services } from "#core/services/index.js";
import { serviceFiles } from "#core/services/service-files.js";
import { validatedServices } from "#core/services/validated-services.js";

/**
 * The gate that lets the functions skip validation at start: the service files they load must pass
 * the full validation here, and the map they build must be what that validation returns.
 */
describe("the service files the functions load", () => {
  it("pass the full validation", () => {
    expect(() => validatedServices()).not.toThrow();
  });

  it("give the functions exactly the services the validation returns", () => {
    const validated = validatedServices();
    expect([...services.keys()]).toEqual([...validated.keys()]);
    for (const [id, service] of validated) expect(services.get(id), id).toStrictEqual(service);
  });

  it("include every data file in the folder", () => {
    const folder = join(import.meta.dirname, "../../../functions/core/services");
    const listed = serviceFiles.map(({ source }) => source.replace(/^services\//, ""));
    const onDisk = readdirSync(folder).filter((name) => name.endsWith(".json"));
    expect([...listed].sort()).toEqual([...onDisk].sort());
  });

  it("would fail the gate if one of them were broken", async () => {
    const { loadServices } = await import("#core/routing/load-services.js");
    const [first, ...rest] = serviceFiles;
    const broken = { ...(first?.raw as object), rules: [] };
    expect(() => loadServices([{ source: "broken.json", raw: broken }, ...rest])).toThrow(
      ServiceDefinitionError,
    );
  });
});
