import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  emailsOnPage,
  parseParishIndex,
  parseParishPage,
} from "../../../functions/adapters/moderngov/parse-parish-page.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/moderngov/${name}`, import.meta.url), "utf8");

describe("parseParishPage", () => {
  it("reads a labelled page and ignores the site's header, script and footer contacts", () => {
    expect(parseParishPage(fixture("parish-page-labelled.html"))).toEqual({
      problems: [],
      title: "St Mary's & Marsh Parish Council",
      clerkName: "Mrs Jane O’Connor",
      email: "clerk@stmarysandmarsh-pc.example.org.uk",
      phone: "01632 960123",
      address: ["The Old School House", "Church Lane", "St Mary's", "ZZ1 4AB"],
    });
  });

  it("reads a table layout: title from <title>, %40 in the mailto, phone from a digit run", () => {
    expect(parseParishPage(fixture("parish-page-table.html"))).toEqual({
      problems: [],
      title: "Great Wendle Town Council",
      clerkName: "Mr David Lloyd-Hughes",
      email: "town.clerk@greatwendle-tc.example.org.uk",
      phone: "(01632) 960 555",
      address: ["Town Hall", "Market Square", "Great Wendle", "ZZ5 6GH"],
    });
  });

  it("reads plain text: 'Name - Clerk to the Council', a labelled phone, an email in the text", () => {
    expect(parseParishPage(fixture("parish-page-text-only.html"))).toEqual({
      problems: [],
      title: "Hollow Vale Community Council",
      clerkName: "Mr Tom Reed",
      email: "hollowvale.clerk@example.org.uk",
      phone: "07700 900456",
    });
  });

  it("finds no contact on a page without one (a date is not a phone number)", () => {
    expect(parseParishPage(fixture("parish-page-no-contact.html"))).toEqual({
      problems: [{ code: "no-email", message: "no email address for the clerk on the page" }],
      title: "Little Wendle Parish Meeting",
    });
  });

  it("takes the clerk's mailto over an earlier one and the dialled number when the link text is not a number", () => {
    const html = `<h1>Oakley Parish Council</h1>
      <p>Chairman: <a href="mailto:chair@oakley.example.org">Cllr Bob Stone</a></p>
      <h2 class="mgSectionTitle">Clerk</h2>
      <p>Ms Ann Lee</p>
      <p><a href=mailto:ann.lee&#64;oakley.example.org>Email Ann</a> <a href="tel:01632%20960999">Call the clerk</a></p>`;
    expect(parseParishPage(html)).toEqual({
      problems: [],
      title: "Oakley Parish Council",
      clerkName: "Ms Ann Lee",
      email: "ann.lee@oakley.example.org",
      phone: "01632 960999",
    });
  });

  it("does not take a label or an email for the clerk's name, and rejects a junk mailto", () => {
    const html = `<h1>Oakley Parish Council</h1>
      <dl><dt>Clerk</dt><dd>Email: ann.lee@oakley.example.org</dd></dl>
      <a href="mailto:not-an-address">write to us</a>`;
    expect(parseParishPage(html)).toEqual({
      problems: [],
      title: "Oakley Parish Council",
      email: "ann.lee@oakley.example.org",
    });
  });

  it("says there is no address on a page with nothing recognisable", () => {
    expect(parseParishPage("<html><body><p>Loading…</p></body></html>")).toEqual({
      problems: [{ code: "no-email", message: "no email address for the clerk on the page" }],
    });
  });
});

describe("parseParishIndex", () => {
  it("lists each ?ID= link once, with its decoded title, whatever the query order", () => {
    expect(parseParishIndex(fixture("parish-index.html"))).toEqual([
      { id: 101, title: "St Mary's & Marsh Parish Council" },
      { id: 102, title: "Great Wendle Town Council" },
      { id: 103, title: "Little Wendle Parish Meeting" },
    ]);
  });
});

describe("emailsOnPage", () => {
  it("finds every address on a page, in links and text, header and footer included, lower case", () => {
    const html = `<html><head><title>x</title></head><body>
      <header><a href="mailto:Enquiries%40Wendleshire.example.gov.uk">Contact us</a></header>
      <div id="modgov"><p>Write to clerk@oakley.example.org.</p></div>
      <div id="footer">democracy&#64;wendleshire.example.gov.uk</div></body></html>`;
    expect([...emailsOnPage(html)].sort()).toEqual([
      "clerk@oakley.example.org",
      "democracy@wendleshire.example.gov.uk",
      "enquiries@wendleshire.example.gov.uk",
    ]);
  });
});

describe("parseParishPage: the content region", () => {
  it("takes the parish's heading over the site's own h1, and nothing above it", () => {
    const html = `<body><div class="logo"><h1>Wendleshire District Council</h1>
      <p>Email: enquiries@wendleshire.example.gov.uk</p></div>
      <div id="modgov"><div class="mgContent"><h1 class="mgMainTitleTxt">Oakley Parish Council</h1>
      <p>Clerk: Ann Lee, ann.lee@oakley.example.org</p></div></div></body>`;
    const page = parseParishPage(html);
    expect(page.title).toBe("Oakley Parish Council");
    expect(page.email).toBe("ann.lee@oakley.example.org");
  });

  it("keeps a clerk's address above the heading inside the main content", () => {
    const html = `<div id="modgov"><p><span class="mgLabel">Clerk:</span> Ann Lee</p><p><span class="mgLabel">Email:</span></p><p>ann.lee@oakley.example.org</p>
      <p>Opening hours 9-5, info@elsewhere.example.org</p>
      <h1 class="mgMainTitleTxt">Oakley Parish Council</h1><p>No other details.</p></div>`;
    expect(parseParishPage(html)).toMatchObject({ email: "ann.lee@oakley.example.org", problems: [] });
  });

  it("does not count the wrapper round the heading as chrome", () => {
    const html = `<main><header class="page-header"><h1>Oakley Parish Council</h1></header>
      <p>Email: ann.lee@oakley.example.org</p></main><footer>help@wendleshire.example.gov.uk</footer>`;
    expect(parseParishPage(html)).toMatchObject({ email: "ann.lee@oakley.example.org", problems: [] });
  });

  it.each([
    ['<div role="contentinfo">', "the page footer"],
    ['<div class="breadcrumbs">', "the breadcrumb trail"],
    ['<div id="cookieBanner">', "the cookie banner"],
    ['<div class="site-nav">', "the site navigation"],
    ['<div id="mgSideBar">', "a sidebar"],
  ])("names the chrome an address was in: %s", (open, where) => {
    const html = `<h1>Oakley Parish Meeting</h1><p>No contact.</p>${open}x@wendleshire.example.gov.uk</div>`;
    expect(parseParishPage(html).problems).toContainEqual({
      code: "page-chrome",
      message: `x@wendleshire.example.gov.uk appears in ${where}, not the parish's details`,
    });
  });
});

describe("parseParishPage: hostile text", () => {
  it("reads a paragraph of 60,000 characters round an @ as no email, without backtracking over it", () => {
    const token = `${"a".repeat(30_000)}@${"b".repeat(30_000)}`;
    const html = `<html><body><div id="modgov"><h1 class="mgMainTitleTxt">Little Wendle Parish Council</h1><p>${token}</p></div></body></html>`;
    const page = parseParishPage(html);
    expect(page.email).toBeUndefined();
    expect(page.problems.map((p) => p.code)).toEqual(["no-email"]);
    expect(emailsOnPage(html).size).toBe(0);
  }, 60_000);
});

describe("parseParishPage: problems stay short", () => {
  it("lists at most 10 addresses from the page chrome, then a count of the rest", () => {
    const footer = Array.from({ length: 25 }, (_, i) => `<p>office${i}@wendleshire.gov.uk</p>`).join("");
    const html = `<html><body><div id="modgov"><h1 class="mgMainTitleTxt">Little Wendle Parish Council</h1><p>No clerk.</p></div><footer>${footer}</footer></body></html>`;
    const chrome = parseParishPage(html).problems.filter((p) => p.code === "page-chrome");
    expect(chrome).toHaveLength(11);
    expect(chrome[0]?.message).toBe(
      "office0@wendleshire.gov.uk appears in the page footer, not the parish's details",
    );
    expect(chrome[10]?.message).toBe("and 15 more addresses in the page chrome");
  });

  it("keeps each message to 300 characters", () => {
    const long = `${"a".repeat(60)}@${"b".repeat(180)}.org.uk`;
    const html = `<html><body><div id="modgov"><h1 class="mgMainTitleTxt">Little Wendle Parish Council</h1></div><footer><p>${long}</p></footer></body></html>`;
    const chrome = parseParishPage(html).problems.filter((p) => p.code === "page-chrome");
    expect(chrome).toHaveLength(1);
    expect(chrome[0]?.message.length).toBeLessThanOrEqual(300);
    expect(chrome[0]?.message).toContain(long.slice(0, 200));
  });
});

describe("parseParishPage: site chrome that is not marked up as chrome", () => {
  const context = { districtDomains: ["wendleshire.gov.uk"], chromeEmails: new Set<string>() };
  const chromeProblem = (html: string) => {
    const page = parseParishPage(html, context);
    expect(page.email).toBeUndefined();
    return page.problems;
  };

  it("with no main container, a footer div after the heading's section is not the parish's", () => {
    const html = `<html><body><div class="wrap"><h1>Little Wendle Parish Council</h1><p>No contact details held.</p></div>
      <div class="siteLinks"><p>Email: office@wendle-shared.org.uk</p></div></body></html>`;
    expect(chromeProblem(html)).toEqual([
      { code: "no-email", message: "no email address for the clerk on the page" },
      {
        code: "page-chrome",
        message:
          "office@wendle-shared.org.uk appears in the page outside the parish's details, not the parish's details",
      },
    ]);
  });

  it("reads a div#ftr as the footer", () => {
    const html = `<html><body><h1>Little Wendle Parish Council</h1><p>No contact details held.</p>
      <div id="ftr"><p>Email: office@wendle-shared.org.uk</p></div></body></html>`;
    expect(chromeProblem(html)).toContainEqual({
      code: "page-chrome",
      message: "office@wendle-shared.org.uk appears in the page footer, not the parish's details",
    });
  });

  it("before the heading, a 'Contact us' strip is the site's: only a clerk's label counts there", () => {
    const html = `<html><body><div id="modgov"><div class="mgHelp"><p>Contact us</p><p>Email: democratic.services@wendle-shared.org.uk</p></div>
      <h1 class="mgMainTitleTxt">Little Wendle Parish Council</h1><p>No clerk.</p></div></body></html>`;
    expect(chromeProblem(html)).toContainEqual({
      code: "page-chrome",
      message:
        "democratic.services@wendle-shared.org.uk appears in the page above the parish's name, not the parish's details",
    });
  });

  it("the 'Problems with this page? Email webmaster' strip after the details is chrome", () => {
    const html = `<html><body><div id="modgov"><h1 class="mgMainTitleTxt">Little Wendle Parish Council</h1><p>No clerk.</p>
      <div class="mgPageInfo"><p>Problems with this page? Email webmaster@wendle-shared.org.uk</p></div></div></body></html>`;
    expect(chromeProblem(html)).toContainEqual({
      code: "page-chrome",
      message:
        "webmaster@wendle-shared.org.uk appears in the page's 'problems with this page' strip, not the parish's details",
    });
  });

  it("a webmaster line with no telling class is chrome too", () => {
    const html = `<html><body><div id="modgov"><h1 class="mgMainTitleTxt">Little Wendle Parish Council</h1><p>No clerk.</p>
      <p>Any problems with this page, write to webmaster@wendle-shared.org.uk</p></div></body></html>`;
    expect(chromeProblem(html).map((p) => p.code)).toEqual(["no-email", "page-chrome"]);
  });
});

describe("parseParishPage: the chair is not the clerk", () => {
  const page = (body: string) =>
    parseParishPage(
      `<html><body><div id="modgov"><h1 class="mgMainTitleTxt">Wendle Parish Council</h1>${body}</div></body></html>`,
    );

  it("a sentence that mentions the clerk is not a label: the chair's address below it is not taken", () => {
    const result = page("<p>The clerk is currently on leave.</p><p>Chair: chair@wendle-pc.org.uk</p>");
    expect(result.email).toBeUndefined();
    expect(result.problems).toEqual([
      {
        code: "no-email",
        message: "the only address given is the chair's (chair@wendle-pc.org.uk), not the clerk's",
      },
    ]);
  });

  it("a Welsh chair's label (Cadeirydd) counts too", () => {
    const result = page("<p>Cadeirydd: Gwyn Jones</p><p>E-bost: cadeirydd@wendle-pc.org.uk</p>");
    expect(result.email).toBeUndefined();
    expect(result.problems.map((p) => p.code)).toEqual(["no-email"]);
  });

  it("takes the clerk's address after a chair's, and not the chair's as a further one", () => {
    const result = page(
      "<p>Chairman: Bob Hill</p><p>Email: bob@gmail.com</p><p>Parish Clerk</p><p>Ann Smith</p><p>Email: clerk@wendle-pc.org.uk</p>",
    );
    expect(result).toMatchObject({ email: "clerk@wendle-pc.org.uk", clerkName: "Ann Smith", problems: [] });
    expect(result.otherEmails).toBeUndefined();
  });

  it("still takes an unlabelled general address when no one is named", () => {
    expect(page("<p>Email: office@wendle-pc.org.uk</p>")).toMatchObject({ email: "office@wendle-pc.org.uk" });
  });
});

describe("parseParishPage: an obfuscated clerk's address beside a plain one", () => {
  it("is used when the plain one is the district's", () => {
    const html = `<div id="modgov"><h1 class="mgMainTitleTxt">Ashcombe Parish Council</h1>
      <p>Clerk: clerk [at] ashcombe-pc [dot] org [dot] uk, or the council at info@wendleshire.gov.uk</p></div>`;
    expect(parseParishPage(html, { districtDomains: ["wendleshire.gov.uk"] })).toMatchObject({
      email: "clerk@ashcombe-pc.org.uk",
    });
  });
});
