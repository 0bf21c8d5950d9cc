import { type SESClient, SendEmailCommand } from "@aws-sdk/client-ses";
import type { Mailer, OutgoingEmail } from "#core/ports/mailer.js";

export interface SesMailerOptions {
  client: SESClient;
  /** The council's verified sending address; never the resident's (that would fail DMARC). */
  from: string;
  configurationSetName?: string;
}

/** SES v1 SendEmail with text and HTML parts; the case reference rides along as a message tag. */
export class SesMailer implements Mailer {
  constructor(readonly options: SesMailerOptions) {}

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const result = await this.options.client.send(
      new SendEmailCommand({
        Source: this.options.from,
        Destination: { ToAddresses: email.to },
        ...(email.replyTo?.length ? { ReplyToAddresses: email.replyTo } : {}),
        Message: {
          Subject: { Data: email.subject, Charset: "UTF-8" },
          Body: {
            Text: { Data: email.text, Charset: "UTF-8" },
            Html: { Data: email.html, Charset: "UTF-8" },
          },
        },
        Tags: [{ Name: "case-reference", Value: email.reference }],
        ...(this.options.configurationSetName
          ? { ConfigurationSetName: this.options.configurationSetName }
          : {}),
      }),
    );
    if (!result.MessageId) throw new Error("SES accepted the message but returned no MessageId");
    return { messageId: result.MessageId };
  }
}
