export interface OutgoingEmail {
  to: string[];
  replyTo?: string[];
  subject: string;
  text: string;
  html: string;
  /** Carried as a message tag so delivery notifications can be matched back to the case. */
  reference: string;
}

export interface Mailer {
  /** Sends one message; resolves with the provider's message id. */
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}
