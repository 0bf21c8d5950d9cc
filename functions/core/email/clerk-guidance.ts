import type { Destination } from "../case/case.js";
import { londonDateWords } from "../case/london-time.js";
import type { ClerkAction, ClerkLinks } from "../links/clerk-link.js";
import { type Block, buttonBlock, heading, linkBlock, paragraph } from "./email-blocks.js";
import type { ReplyRoute } from "./reply-to.js";

/** One email's signed one-click answers for a case, and when they stop working. */
export interface SignedClerkLinks {
  urls: ClerkLinks;
  /** ISO instant the links expire at (the email gives its London date). */
  expiresAt: string;
}

/** The answers' words, as the clerk reads them on the button and on the page it opens. */
export const CLERK_ACTION_WORDS: Record<ClerkAction, string> = {
  received: "Received – we will look at it",
  "in-progress": "In progress",
  "not-for-us": "Not for us – send it back to the district",
};

export const CASE_LINK_WORDS = "View this case in the case log";

export interface GuidanceContext {
  reference: string;
  /** The body the email goes to: the district team works in the case log, a parish from its inbox. */
  recipient: Pick<Destination, "kind">;
  reply: ReplyRoute;
  /** The district team's mailbox, for "if this is not for your council" (omitted where unknown). */
  districtEmail?: string;
  /** The case's page in the case log, where one is configured. */
  caseUrl?: string;
  /** The one-click answers, where links are signed (never for the district). */
  links?: SignedClerkLinks;
}

/** "What to do next", "How to reply" and "If this is not for your council", for one report. */
export function clerkGuidance(ctx: GuidanceContext): Block[] {
  return ctx.recipient.kind === "district" ? forDistrict(ctx) : forParish(ctx);
}

function forParish(ctx: GuidanceContext): Block[] {
  const caseLink = ctx.caseUrl
    ? [
        paragraph(
          "If your council has an account for the case log, you can also see and update the case there.",
        ),
        linkBlock({ words: CASE_LINK_WORDS, href: ctx.caseUrl }),
      ]
    : [];
  const notYours = CLERK_ACTION_WORDS["not-for-us"];
  return [
    heading("What to do next"),
    ...(ctx.links
      ? [
          paragraph("Let the district team know what happens next by choosing one of these answers:"),
          ...answerButtons(ctx.links.urls),
          paragraph(linkRules(ctx.links)),
          paragraph("Then deal with the report as your council usually would."),
        ]
      : [paragraph("Deal with the report as your council usually would.")]),
    ...caseLink,
    heading("How to reply"),
    paragraph(replyWords(ctx.reply, "parish")),
    heading("If this is not for your council"),
    paragraph(
      ctx.links
        ? `Choose "${notYours}" above. The district team will find the right place for it.`
        : `Email the district team${inBrackets(ctx.districtEmail)} and quote reference ${ctx.reference}. They will find the right place for it.`,
    ),
  ];
}

function forDistrict(ctx: GuidanceContext): Block[] {
  return [
    heading("What to do next"),
    paragraph("Deal with the report in the case log: assign it and keep its status up to date."),
    ...(ctx.caseUrl ? [linkBlock({ words: CASE_LINK_WORDS, href: ctx.caseUrl })] : []),
    heading("How to reply"),
    paragraph(replyWords(ctx.reply, "district")),
    heading("If this is not for the district council"),
    paragraph("If a parish council should deal with it, re-route the case in the case log."),
  ];
}

export interface DigestGuidanceContext {
  /** The body the digest goes to. */
  recipient: Pick<Destination, "kind">;
  /** The district team's mailbox: a digest's Reply-To always (it speaks of many residents). */
  districtEmail?: string;
  /** Whether its reports carry one-click answers. */
  links: boolean;
}

/** "How to reply" and "If a report is not for your council", for a daily digest of reports. */
export function digestGuidance(ctx: DigestGuidanceContext): Block[] {
  const mailbox = `the district team's mailbox${inBrackets(ctx.districtEmail)}`;
  if (ctx.recipient.kind === "district") {
    return [
      heading("How to reply"),
      paragraph(
        `Replies to this email go to ${mailbox}, not to the residents. Where a resident's contact details are listed with their report, write to them in a new email.`,
      ),
      heading("If a report is not for the district council"),
      paragraph("If a parish council should deal with it, re-route the case in the case log."),
    ];
  }
  return [
    heading("How to reply"),
    paragraph(
      `Replies to this email go to ${mailbox}, not to the residents. Quote the report's reference. Where a resident agreed to share their contact details with you, they are listed with their report: to write to them, start a new email rather than replying to this one.`,
    ),
    heading("If a report is not for your council"),
    paragraph(
      ctx.links
        ? `Choose "${CLERK_ACTION_WORDS["not-for-us"]}" under that report. The district team will find the right place for it.`
        : `Email the district team${inBrackets(ctx.districtEmail)} and quote the report's reference. They will find the right place for it.`,
    ),
  ];
}

/** The three answers as buttons ("not for us" secondary: it hands the case back rather than taking it). */
export function answerButtons(urls: ClerkLinks): Block[] {
  return [
    buttonBlock({ words: CLERK_ACTION_WORDS.received, href: urls.received }),
    buttonBlock({ words: CLERK_ACTION_WORDS["in-progress"], href: urls["in-progress"] }),
    buttonBlock({ words: CLERK_ACTION_WORDS["not-for-us"], href: urls["not-for-us"] }, "secondary"),
  ];
}

/** What a clerk needs to trust the links: once only, nothing happens on opening, and until when. */
export function linkRules(links: SignedClerkLinks): string {
  return `Each link works once. It opens a page where you confirm your answer: nothing changes just by opening it. The links expire on ${londonDateWords(links.expiresAt)}.`;
}

/** Where a reply goes, truthfully, from the same decision that sets the email's Reply-To. */
export function replyWords(reply: ReplyRoute, recipient: Destination["kind"]): string {
  if (reply.to === "resident") {
    // The district holds the resident's details as of right; a parish only by the resident's leave.
    return recipient === "district"
      ? "Replies to this email go to the resident."
      : "Replies to this email go to the resident, who agreed to share their contact details with you.";
  }
  const mailbox = `the district team's mailbox${inBrackets(reply.address)}`;
  switch (reply.because) {
    case "no-email":
      return `The resident did not give an email address, so replies to this email go to ${mailbox}.`;
    case "not-shared":
      return `The resident did not agree to share their contact details with you, so replies to this email go to ${mailbox}, not to the resident.`;
    case "links":
      // A reply quotes the email, answer links and all: the resident writes to a fresh email only.
      return `Replies to this email go to ${mailbox}, not to the resident, because the answer links above are for your council only. The resident agreed to share their contact details with you: to write to them, start a new email to ${reply.resident} rather than replying to this one.`;
  }
}

const inBrackets = (address: string | undefined) => (address ? ` (${address})` : "");
