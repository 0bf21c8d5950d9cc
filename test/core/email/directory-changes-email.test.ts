import { describe, expect, it } from "vitest";
import { renderDirectoryChangesEmail } from "#core/email/directory-changes-email.js";

// Everything in the directory summary comes from Modern.Gov pages or staff: escaped in the HTML,
// one line each in the text, and the date is London's.

const hostile = '<script>alert("x")</script> & Co';

describe("the clerk directory changes email", () => {
  const content = renderDirectoryChangesEmail({
    councilName: "Exampleshire Vale District Council",
    // 23:30 UTC on 31 May is 00:30 on 1 June in London (BST).
    ranAt: new Date("2027-05-31T23:30:00Z"),
    checked: 2,
    changes: [
      {
        parish: { code: "E04999001", name: hostile },
        kind: "changed",
        before: "a@x.example",
        after: `b@y.example\nBcc: victim@example.com`,
        newProblems: [{ code: "page-chrome", message: hostile }],
        source: 'https://mg.example/page?a=1&b="2"',
      },
    ],
    unreachable: [{ parish: { code: "E04999002", name: "<b>Marsh</b>" }, error: "HTTP 500 <html>" }],
    directoryPageUrl: 'https://signpost.example/staff/directory?x="y"&z=1',
  });

  it("escapes every value in the HTML", () => {
    expect(content.html).not.toContain("<script>");
    expect(content.html).not.toContain("<b>Marsh</b>");
    expect(content.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co");
    expect(content.html).toContain("HTTP 500 &lt;html&gt;");
    expect(content.html).toContain('href="https://signpost.example/staff/directory?x=&quot;y&quot;&amp;z=1"');
    expect(content.html).toContain("https://mg.example/page?a=1&amp;b=&quot;2&quot;");
  });

  it("keeps each value to its own line in the text, and dates it in London time", () => {
    expect(content.text).toContain("Email: a@x.example → b@y.example Bcc: victim@example.com");
    expect(content.text).not.toMatch(/^Bcc:/m);
    expect(content.subject).toBe("Clerk directory: 1 parish changed (Tuesday 1 June 2027)");
    expect(content.text).toContain("on Tuesday 1 June 2027 at 00:30");
  });
});
