export interface OutgoingEmail {
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
   * reports (its `reference` names the digest, not a case). Default `report`.
   */
  kind?: "report" | "acknowledgement" | "digest";
}

export interface Mailer {
  /** Sends one message; resolves with the provider's message id. */
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}
