export interface OutgoingEmail {
  /**
   * The sending address: the case's council's own (each council sends from its verified domain).
   * The mailer's configured address where absent (staff notices, a one-council deployment).
   */
  from?: string;
  to: string[];
  replyTo?: string[];
  subject: string;
  text: string;
  html: string;
  /** Carried as a message tag so delivery notifications can be matched back to the case. */
  reference: string;
  /**
   * What the message is, also carried as a tag: a report to a council, the resident's
   * acknowledgement (its events never name the resident to a clerk), or a daily digest of held
   * reports (its `reference` names the digest, not a case), or a notice to staff such as the weekly
   * clerk directory summary (it names no case, so its delivery events are not looked up), or a
   * progress update to a resident who asked for one (like the acknowledgement, never shown to a
   * clerk). Default `report`.
   */
  kind?: MessageKind;
}

export const MESSAGE_KINDS = [
  "report",
  "acknowledgement",
  "digest",
  "staff-notice",
  "resident-update",
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * The message tags a mailer sets and its delivery notifications carry back: the reference and the
 * kind. Tag values may hold only letters, digits, `_`, `-` and `.` (SES's rule).
 */
export const MESSAGE_TAGS = { reference: "case-reference", kind: "message-kind" } as const;

export interface Mailer {
  /** Sends one message; resolves with the provider's message id. */
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}
