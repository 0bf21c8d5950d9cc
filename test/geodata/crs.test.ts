import { describe, expect, it } from "vitest";
import { crsOfGeoJson, crsOfPrj, parseCrs } from "../../geodata/import/crs.js";
import { BNG_PRJ } from "./helpers/write-shapefile.js";

describe("coordinate systems", () => {
  it("reads GeoJSON crs members as ONS, GDAL and Trafford Data Lab write them", () => {
    const named = (name: string) => ({ type: "name", properties: { name } });
    expect(crsOfGeoJson(named("urn:ogc:def:crs:OGC:1.3:CRS84"))).toBe("EPSG:4326");
    expect(crsOfGeoJson(named("urn:ogc:def:crs:EPSG::4326"))).toBe("EPSG:4326");
    expect(crsOfGeoJson(named("urn:ogc:def:crs:EPSG::27700"))).toBe("EPSG:27700");
    expect(crsOfGeoJson(named("EPSG:27700"))).toBe("EPSG:27700");
    expect(crsOfGeoJson(undefined)).toBeUndefined();
    expect(() => crsOfGeoJson(named("urn:ogc:def:crs:EPSG::3857"))).toThrow(
      'unsupported CRS "urn:ogc:def:crs:EPSG::3857": use EPSG:4326 or EPSG:27700, or say which with --crs',
    );
  });

  it("reads .prj files and --crs", () => {
    expect(crsOfPrj(BNG_PRJ)).toBe("EPSG:27700");
    expect(
      crsOfPrj('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]]'),
    ).toBe("EPSG:4326");
    expect(() => crsOfPrj('PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere"]')).toThrow(
      /unsupported projection in \.prj/,
    );
    expect([parseCrs("27700"), parseCrs("epsg:4326")]).toEqual(["EPSG:27700", "EPSG:4326"]);
    expect(() => parseCrs("EPSG:3857")).toThrow('unsupported CRS "EPSG:3857": use EPSG:4326 or EPSG:27700');
  });
});
