import { describe, expect, it } from "vitest";
import { createCouncils } from "#core/councils/councils.js";
import type { PublicInfo } from "../../../functions/config/public-info.js";
import { staticPage } from "../../../functions/http/web/pages/start.js";
import { paths } from "../../../functions/http/web/paths.js";
import { createRenderer, templateDirs } from "../../../functions/http/web/render.js";
import type { WebSiteDeps } from "../../../functions/http/web/web-types.js";
import { testCouncil } from "../../helpers/councils.js";

// The privacy notice and accessibility statement say what the deployment's config says: contacts,
// status, known issues and dates, with GOV.UK's model wording for each compliance status.

const render = createRenderer(templateDirs({}));
const info: PublicInfo = {
  contact: {
    email: "help@north-fen.example.org",
    phone: "01632 960123",
    address: ["North Fen District Council", "Town Hall", "NF1 2AB"],
  },
  dataProtection: {
    email: "dpo@north-fen.example.org",
    address: ["Data Protection Officer", "Town Hall", "NF1 2AB"],
  },
  accessibility: {
    status: "full",
    knownIssues: [],
    improvements: [],
    preparedOn: "2027-01-04",
    replyWorkingDays: 5,
  },
};

function html(view: "accessibility" | "privacy", publicInfo: PublicInfo): string {
  const council = testCouncil({ id: "north-fen", name: "North Fen District Council" });
  const deps = {
    councils: createCouncils([council]),
    councilName: council.name,
    retentionDays: 730,
    publicInfo,
    publicInfoOf: () => publicInfo,
  } as unknown as WebSiteDeps;
  const result = staticPage(deps, view);
  if (result.kind !== "page") throw new Error("expected a page");
  return render(result.view, { ...result.context, links: paths, csrfToken: "t" });
}
const text = (page: string) =>
  page
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ");

describe("the accessibility statement", () => {
  it("says fully compliant, with the configured dates and contacts, only when config says so", () => {
    const page = text(html("accessibility", info));
    expect(page).toContain(
      "This website is fully compliant with the Web Content Accessibility Guidelines version 2.2 AA standard.",
    );
    expect(page).toContain("This statement was prepared on 4 January 2027.");
    expect(page).not.toContain("last reviewed");
    expect(page).not.toContain("Non-accessible content");
    expect(page).toContain("email help@north-fen.example.org");
    expect(page).toContain("call 01632 960123");
    expect(page).toContain("write to North Fen District Council, Town Hall, NF1 2AB");
    expect(page).toContain("get back to you in 5 working days");
    expect(page).not.toContain("23 November 2026");
  });

  it.each([
    [
      "partial",
      "This website is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard, due to the non-compliances listed below.",
    ],
    [
      "not",
      "This website is not compliant with the Web Content Accessibility Guidelines version 2.2 AA standard. The non-compliances are listed below.",
    ],
  ] as const)("says %s compliance in the model's words and lists the known issues", (status, sentence) => {
    const page = text(
      html("accessibility", {
        ...info,
        accessibility: {
          ...info.accessibility,
          status,
          knownIssues: [
            {
              description: "The map cannot be used with a keyboard.",
              criterion: "2.1.1 Keyboard",
              plan: "We will fix it by May 2027",
            },
          ],
          reviewedOn: "2027-03-01",
          testedOn: "2027-02-15",
          testedBy: "Accessible Audits Ltd",
        },
      }),
    );
    expect(page).toContain(sentence);
    expect(page).not.toContain("fully compliant");
    expect(page).toContain(
      "We know some parts of this website are not fully accessible: The map cannot be used with a keyboard",
    );
    expect(page).toContain(
      "The map cannot be used with a keyboard. This fails WCAG 2.2 success criterion 2.1.1 Keyboard. We will fix it by May 2027.",
    );
    expect(page).toContain("It was last reviewed on 1 March 2027.");
    expect(page).toContain(
      "This website was last tested on 15 February 2027. The test was carried out by Accessible Audits Ltd.",
    );
    expect(page).toContain("navigate most of the service using just a keyboard");
  });

  it("follows the model statement's headings, leaving out sections with nothing to say", () => {
    const headings = (publicInfo: PublicInfo) =>
      [
        ...(/<main[\s\S]*<\/main>/.exec(html("accessibility", publicInfo))?.[0] ?? "").matchAll(
          /<h[1-4][^>]*>([^<]+)<\/h[1-4]>/g,
        ),
      ].map((m) => m[1]);
    expect(headings(info)).toEqual([
      "Accessibility statement for Report a problem",
      "Feedback and contact information",
      "Reporting accessibility problems with this website",
      "Enforcement procedure",
      "Technical information about this website’s accessibility",
      "Compliance status",
      "Preparation of this accessibility statement",
    ]);
    const partial: PublicInfo = {
      ...info,
      accessibility: {
        ...info.accessibility,
        status: "partial",
        knownIssues: [
          { description: "Pale text", criterion: "1.4.3 Contrast (Minimum)", plan: "Fixed by May 2027" },
        ],
        improvements: ["We will have the service audited by March 2027"],
      },
    };
    expect(headings(partial)).toEqual([
      "Accessibility statement for Report a problem",
      "How accessible this website is",
      "Feedback and contact information",
      "Reporting accessibility problems with this website",
      "Enforcement procedure",
      "Technical information about this website’s accessibility",
      "Compliance status",
      "Non-accessible content",
      "Non-compliance with the accessibility regulations",
      "What we’re doing to improve accessibility",
      "Preparation of this accessibility statement",
    ]);
    expect(text(html("accessibility", partial))).toContain("We will have the service audited by March 2027.");
  });

  it("says the service works without JavaScript except 'Use my current location', which has a postcode instead", () => {
    const page = text(html("accessibility", info));
    expect(page).toContain(
      "use the whole service without JavaScript, apart from the “Use my current location” button, which needs JavaScript and location access (you can enter a postcode instead)",
    );
    expect(page).not.toContain("Every change is checked");
  });

  it("escapes what config gives it", () => {
    const page = html("accessibility", {
      ...info,
      accessibility: {
        ...info.accessibility,
        status: "partial",
        knownIssues: [
          { description: "<script>x</script>", criterion: "4.1.2 Name, Role, Value", plan: "<b>soon</b>" },
        ],
        improvements: ["<i>audit</i>"],
      },
    });
    expect(page).not.toContain("<script>x</script>");
    expect(page).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(page).toContain("&lt;b&gt;soon&lt;/b&gt;");
    expect(page).toContain("&lt;i&gt;audit&lt;/i&gt;");
  });
});

describe("the privacy notice", () => {
  it("gives the council's contacts and its data protection officer's", () => {
    const page = text(html("privacy", info));
    expect(page).toContain("email help@north-fen.example.org");
    expect(page).toContain("write to North Fen District Council, Town Hall, NF1 2AB");
    expect(page).toContain(
      "You can also contact our data protection officer by emailing dpo@north-fen.example.org or writing to Data Protection Officer, Town Hall, NF1 2AB.",
    );
    expect(html("privacy", info)).toContain('href="mailto:dpo@north-fen.example.org"');
  });
});
