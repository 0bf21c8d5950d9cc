import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  parseParishDetailsList,
  parseParishPage,
} from "../../../functions/adapters/moderngov/parse-parish-page.js";

/** The page templates councils really vary in; each gives the right address, or none and why. */
const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/moderngov/templates/${name}`, import.meta.url), "utf8");

const district = { districtDomains: ["wendleshire.example.gov.uk"] };

describe("parseParishPage on council templates", () => {
  it("takes no address for Little Wendle when the footer is a <div>, and names the footer's address", () => {
    const page = parseParishPage(fixture("little-wendle-footer-div.html"));
    expect(page.email).toBeUndefined();
    expect(page.title).toBe("Little Wendle Parish Meeting");
    expect(page.problems).toEqual([
      { code: "no-email", message: "no email address for the clerk on the page" },
      {
        code: "page-chrome",
        message:
          "democratic.services@wendleshire.example.gov.uk appears in the page footer, not the parish's details",
      },
    ]);
  });

  it("takes no address from a plain <div> after the main content, labelled or not", () => {
    const page = parseParishPage(fixture("little-wendle-plain-div.html"));
    expect(page.email).toBeUndefined();
    expect(page.problems).toContainEqual({
      code: "page-chrome",
      message:
        "democratic.services@wendleshire.example.gov.uk appears in the page outside the parish's details, not the parish's details",
    });
  });

  it("ignores a sidebar of district contacts beside the parish's table", () => {
    expect(parseParishPage(fixture("sidebar-district-contacts.html"), district)).toEqual({
      problems: [],
      title: "Ashcombe Parish Council",
      clerkName: "Margaret Pellow",
      email: "clerk@ashcombe-pc.example.org",
      phone: "01632 960101",
      address: ["The Old School", "Church Lane", "Ashcombe", "ZX2 1FD"],
    });
  });

  it("takes no address from an <aside> inside the content, and says where it was", () => {
    const page = parseParishPage(fixture("sidebar-no-contact.html"));
    expect(page.email).toBeUndefined();
    expect(page.problems).toContainEqual({
      code: "page-chrome",
      message: "committees@wendleshire.example.gov.uk appears in a sidebar, not the parish's details",
    });
  });

  it("takes the first of several addresses in one field and records the rest", () => {
    const page = parseParishPage(fixture("several-addresses.html"));
    expect(page.email).toBe("clerk@hollowmere-pc.example.org");
    expect(page.otherEmails).toEqual(["hollowmere.pc@example.net"]);
    expect(page.problems).toEqual([
      {
        code: "several-addresses",
        message: "clerk@hollowmere-pc.example.org was used; also given: hollowmere.pc@example.net",
      },
    ]);
  });

  it("drops a comment after an address and keeps the address after a slash", () => {
    const page = parseParishPage(fixture("commented-address.html"));
    expect(page.clerkName).toBe("Mrs Rhona Tait");
    expect(page.email).toBe("r.tait@brackenfold.example.org.uk");
    expect(page.otherEmails).toEqual(["clerk@brackenfold.example.org.uk"]);
  });

  it("reads an [at]/[dot] address but never turns 'held at the Village Hall' into one", () => {
    expect(parseParishPage(fixture("obfuscated-at.html"))).toEqual({
      problems: [],
      title: "Upper Lynthorpe Parish Council",
      clerkName: "Ms Carys Bevan",
      email: "clerk@upperlynthorpe-pc.example.org",
    });
  });

  it("reads a mailto: with two recipients and a query string", () => {
    const page = parseParishPage(fixture("mailto-query.html"));
    expect(page.email).toBe("clerk@nethersby-pc.example.org");
    expect(page.otherEmails).toEqual(["deputy.clerk@nethersby-pc.example.org"]);
    expect(page.problems.map((p) => p.code)).toEqual(["several-addresses"]);
  });

  it("decodes double-encoded entities in the title and the address", () => {
    const page = parseParishPage(fixture("double-encoded.html"));
    expect(page.title).toBe("St Aldhelm & Marsh Parish Council");
    expect(page.address).toEqual(["2 St Aldhelm's Road", "Marsh & Fen", "ZX3 1DT"]);
    expect(page.email).toBe("clerk@staldhelmandmarsh-pc.example.org");
  });

  it("reads a Welsh-language page (Clerc, E-bost, Ffôn, Cyfeiriad) and not its header or footer", () => {
    expect(parseParishPage(fixture("welsh.html"))).toEqual({
      problems: [],
      title: "Cyngor Cymuned Llanfair Isaf",
      clerkName: "Mrs Eleri Pritchard",
      email: "clerc@llanfairisaf.example.cymru",
      phone: "01632 960201",
      address: ["Tŷ'r Ysgol", "Ffordd yr Eglwys", "Llanfair Isaf", "ZX9 2LL"],
    });
  });

  it("reads a bilingual page ('Clerk / Clerc:')", () => {
    expect(parseParishPage(fixture("bilingual.html"))).toEqual({
      problems: [],
      title: "Aberwendle Community Council / Cyngor Cymuned Aberwendle",
      clerkName: "Mr Gareth Hughes",
      email: "clerk@aberwendle-cc.example.cymru",
      phone: "01632 960202",
      address: ["Neuadd y Pentref", "Aberwendle", "ZX9 3AB"],
    });
  });

  it("refuses an address on the district's domain unless it is allowed for the parish", () => {
    const html = fixture("district-officer-clerk.html");
    const refused = parseParishPage(html, district);
    expect(refused.email).toBeUndefined();
    expect(refused.problems).toEqual([
      {
        code: "district-domain",
        message: "parish.liaison@wendleshire.example.gov.uk was not used: it is a district council address",
      },
    ]);
    const allowed = parseParishPage(html, {
      ...district,
      allowedEmails: ["parish.liaison@wendleshire.example.gov.uk"],
    });
    expect(allowed.email).toBe("parish.liaison@wendleshire.example.gov.uk");
    expect(allowed.problems).toEqual([]);
  });

  it("treats an address the caller saw on every page as chrome even inside the content", () => {
    const page = parseParishPage(fixture("several-addresses.html"), {
      chromeEmails: new Set(["clerk@hollowmere-pc.example.org"]),
    });
    expect(page.email).toBe("hollowmere.pc@example.net");
    expect(page.problems.map((p) => p.code)).toEqual(["page-chrome"]);
  });
});

describe("parseParishDetailsList", () => {
  it("gives every parish on the one page its title and contact, in page order", () => {
    const parishes = parseParishDetailsList(fixture("details-list.html"));
    expect(parishes.map((p) => [p.title, p.email])).toEqual([
      ["Ashcombe Parish Council", "clerk@ashcombe-pc.example.org"],
      ["St Aldhelm & Marsh Parish Council", "clerk@staldhelmandmarsh-pc.example.org"],
      ["Little Wendle Parish Meeting", undefined],
      ["Upper Lynthorpe Parish Council", "clerk@upperlynthorpe-pc.example.org"],
    ]);
    expect(parishes[0]).toMatchObject({ clerkName: "Margaret Pellow", phone: "01632 960101", problems: [] });
    expect(parishes[1]?.otherEmails).toEqual(["chair@staldhelmandmarsh-pc.example.org"]);
    expect(parishes[2]?.problems).toEqual([
      { code: "no-email", message: "no email address for the clerk on the page" },
      {
        code: "page-chrome",
        message:
          "democratic.services@wendleshire.example.gov.uk appears in the page footer, not the parish's details",
      },
    ]);
  });

  it("finds no parishes on a page that lists none", () => {
    expect(parseParishDetailsList("<h1>Parish councils</h1><p>Nothing here.</p>")).toEqual([]);
  });
});

describe("parseParishDetailsList: subheadings", () => {
  it("does not start a parish at a subheading marked up like the parishes' headings", () => {
    const html = `<div id="modgov"><h1 class="mgMainTitleTxt">Parish council contact details</h1>
      <h2 class="mgSectionTitle">Ashcombe Parish Council</h2>
      <h2 class="mgSectionTitle">Contact information</h2>
      <h2 class="mgSectionTitle">Parish Clerk</h2>
      <p>Margaret Pellow</p><p>Email: clerk@ashcombe-pc.example.org</p>
      <h2 class="mgSectionTitle">Little Wendle Parish Meeting</h2>
      <h2 class="mgSectionTitle">Parish Clerk</h2>
      <p>Email: clerk@littlewendle.example.org</p></div>`;
    expect(parseParishDetailsList(html).map((p) => [p.title, p.email])).toEqual([
      ["Ashcombe Parish Council", "clerk@ashcombe-pc.example.org"],
      ["Little Wendle Parish Meeting", "clerk@littlewendle.example.org"],
    ]);
  });
});
