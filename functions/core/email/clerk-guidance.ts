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

/**
 * The answers' words, as the clerk (or another body) reads them on the button and on the page it
 * opens: "not for us" sends the case back to the council whose case it is, named.
 */
export function clerkActionWords(councilName: string): Record<ClerkAction, string> {
  return {
    received: "Received – we will look at it",
    "in-progress": "In progress",
    "not-for-us": `Not for us – send it back to ${councilName}`,
  };
}

export const CASE_LINK_WORDS = "View this case in the case log";

export interface GuidanceContext {
  reference: string;
  /**
   * The body the email goes to: the council's team works in the case log, a parish or another body
   * (county highways, the partnership) from its inbox.
   */
  recipient: Pick<Destination, "kind">;
  reply: ReplyRoute;
  /** The case's council, named wherever the case goes back to it. */
  councilName: string;
  /** The council's team mailbox, for "if this is not for you" (omitted where unknown). */
  districtEmail?: string;
  /** The case's page in the case log, where one is configured. */
  caseUrl?: string;
  /** The one-click answers, where links are signed (never for the district). */
  links?: SignedClerkLinks;
}

/** "What to do next", "How to reply" and "If this is not for you", for one report. */
export function clerkGuidance(ctx: GuidanceContext): Block[] {
  return ctx.recipient.kind === "district" ? forDistrict(ctx) : forBody(ctx);
}

/** A parish, or another body: it deals with the report from its inbox, or sends it back. */
function forBody(ctx: GuidanceContext): Block[] {
  const parish = ctx.recipient.kind === "parish";
  // Parish clerks may have case-log accounts; other bodies work from the email alone.
  const caseLink =
    ctx.caseUrl && parish
      ? [
          paragraph(
            "If your council has an account for the case log, you can also see and update the case there.",
          ),
          linkBlock({ words: CASE_LINK_WORDS, href: ctx.caseUrl }),
        ]
      : [];
  const words = clerkActionWords(ctx.councilName);
  const usually = parish ? "your council usually would" : "you usually would";
  return [
    heading("What to do next"),
    ...(ctx.links
      ? [
          paragraph(`Let ${ctx.councilName} know what happens next by choosing one of these answers:`),
          ...answerButtons(ctx.links.urls, ctx.councilName),
          paragraph(linkRules(ctx.links)),
          paragraph(`Then deal with the report as ${usually}.`),
        ]
      : [paragraph(`Deal with the report as ${usually}.`)]),
    ...caseLink,
    heading("How to reply"),
    paragraph(replyWords(ctx.reply, ctx.recipient.kind, ctx.councilName)),
    heading(parish ? "If this is not for your council" : "If this is not for you"),
    paragraph(
      ctx.links
        ? `Choose "${words["not-for-us"]}" above. ${ctx.councilName} will find the right place for it.`
        : `Email ${ctx.councilName}${inBrackets(ctx.districtEmail)} and quote reference ${ctx.reference}. They will find the right place for it.`,
    ),
  ];
}

function forDistrict(ctx: GuidanceContext): Block[] {
  return [
    heading("What to do next"),
    paragraph("Deal with the report in the case log: assign it and keep its status up to date."),
    ...(ctx.caseUrl ? [linkBlock({ words: CASE_LINK_WORDS, href: ctx.caseUrl })] : []),
    heading("How to reply"),
    paragraph(replyWords(ctx.reply, "district", ctx.councilName)),
    heading(`If this is not for ${ctx.councilName}`),
    paragraph("If a parish council or another body should deal with it, re-route the case in the case log."),
  ];
}

export interface DigestGuidanceContext {
  /** The body the digest goes to. */
  recipient: Pick<Destination, "kind">;
  /** The council whose cases the digest holds (one council a digest). */
  councilName: string;
  /** The council's team mailbox: a digest's Reply-To always (it speaks of many residents). */
  districtEmail?: string;
  /** Whether its reports carry one-click answers. */
  links: boolean;
}

/** "How to reply" and "If a report is not for you", for a daily digest of reports. */
export function digestGuidance(ctx: DigestGuidanceContext): Block[] {
  const mailbox = mailboxWords(ctx.councilName, ctx.districtEmail);
  if (ctx.recipient.kind === "district") {
    return [
      heading("How to reply"),
      paragraph(
        `Replies to this email go to ${mailbox}, not to the residents. Where a resident's contact details are listed with their report, write to them in a new email.`,
      ),
      heading(`If a report is not for ${ctx.councilName}`),
      paragraph(
        "If a parish council or another body should deal with it, re-route the case in the case log.",
      ),
    ];
  }
  return [
    heading("How to reply"),
    paragraph(
      `Replies to this email go to ${mailbox}, not to the residents. Quote the report's reference. Where a resident agreed to share their contact details with you, they are listed with their report: to write to them, start a new email rather than replying to this one.`,
    ),
    heading(
      ctx.recipient.kind === "parish" ? "If a report is not for your council" : "If a report is not for you",
    ),
    paragraph(
      ctx.links
        ? `Choose "${clerkActionWords(ctx.councilName)["not-for-us"]}" under that report. ${ctx.councilName} will find the right place for it.`
        : `Email ${ctx.councilName}${inBrackets(ctx.districtEmail)} and quote the report's reference. They will find the right place for it.`,
    ),
  ];
}

/** The three answers as buttons ("not for us" secondary: it hands the case back rather than taking it). */
export function answerButtons(urls: ClerkLinks, councilName: string): Block[] {
  const words = clerkActionWords(councilName);
  return [
    buttonBlock({ words: words.received, href: urls.received }),
    buttonBlock({ words: words["in-progress"], href: urls["in-progress"] }),
    buttonBlock({ words: words["not-for-us"], href: urls["not-for-us"] }, "secondary"),
  ];
}

/** What a clerk needs to trust the links: once only, nothing happens on opening, and until when. */
export function linkRules(links: SignedClerkLinks): string {
  return `Each link works once. It opens a page where you confirm your answer: nothing changes just by opening it. The links expire on ${londonDateWords(links.expiresAt)}.`;
}

/** Where a reply goes, truthfully, from the same decision that sets the email's Reply-To. */
export function replyWords(reply: ReplyRoute, recipient: Destination["kind"], councilName: string): string {
  if (reply.to === "resident") {
    // The council holds the resident's details as of right; anyone else only by the resident's leave.
    return recipient === "district"
      ? "Replies to this email go to the resident."
      : "Replies to this email go to the resident, who agreed to share their contact details with you.";
  }
  const mailbox = mailboxWords(councilName, reply.address);
  switch (reply.because) {
    case "no-email":
      return `The resident did not give an email address, so replies to this email go to ${mailbox}.`;
    case "not-shared":
      return `The resident did not agree to share their contact details with you, so replies to this email go to ${mailbox}, not to the resident.`;
    case "links":
      // A reply quotes the email, answer links and all: the resident writes to a fresh email only.
      return `Replies to this email go to ${mailbox}, not to the resident, because the answer links above are for ${recipient === "parish" ? "your council" : "you"} only. The resident agreed to share their contact details with you: to write to them, start a new email to ${reply.resident} rather than replying to this one.`;
  }
}

const inBrackets = (address: string | undefined) => (address ? ` (${address})` : "");

/** "Exampleshire Vale District Council's team mailbox (highways@…)". */
const mailboxWords = (councilName: string, address: string | undefined) =>
  `${councilName}'s team mailbox${inBrackets(address)}`;
