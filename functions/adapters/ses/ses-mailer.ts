import { type SESClient, SendEmailCommand } from "@aws-sdk/client-ses";
import { PermanentSendError } from "#core/errors.js";
import { MESSAGE_TAGS, type Mailer, type OutgoingEmail } from "#core/ports/mailer.js";

export interface SesMailerOptions {
  client: SESClient;
  /** The council's verified sending address; never the resident's (that would fail DMARC). */
  from: string;
  configurationSetName?: string;
}

/**
 * SES's answers that mean this message can never go as it is: retrying it is pointless. SendEmail's
 * own `MessageRejected`, and the common errors for a request SES finds invalid. Throttling, sending
 * paused and 5xx answers are not here: they pass, so the queue retries.
 */
const REFUSED_AS_INVALID = new Set([
  "MessageRejected",
  "InvalidParameterValue",
  "InvalidParameterCombination",
  "MissingParameter",
  "ValidationError",
]);

/**
 * SES v1 SendEmail with text and HTML parts; the case reference and the kind of message ride along
 * as message tags, so delivery notifications can be matched back (and an acknowledgement's told
 * apart from a report's).
 */
export class SesMailer implements Mailer {
  constructor(readonly options: SesMailerOptions) {}

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    let result;
    try {
      result = await this.options.client.send(
        new SendEmailCommand({
          Source: email.from ?? this.options.from,
          Destination: { ToAddresses: email.to },
          ...(email.replyTo?.length ? { ReplyToAddresses: email.replyTo } : {}),
          Message: {
            Subject: { Data: email.subject, Charset: "UTF-8" },
            Body: {
              Text: { Data: email.text, Charset: "UTF-8" },
              Html: { Data: email.html, Charset: "UTF-8" },
            },
          },
          Tags: [
            { Name: MESSAGE_TAGS.reference, Value: tagValue(email.reference) },
            { Name: MESSAGE_TAGS.kind, Value: email.kind ?? "report" },
          ],
          ...(this.options.configurationSetName
            ? { ConfigurationSetName: this.options.configurationSetName }
            : {}),
        }),
      );
    } catch (error) {
      throw asPermanent(error) ?? error;
    }
    if (!result.MessageId) throw new Error("SES accepted the message but returned no MessageId");
    return { messageId: result.MessageId };
  }
}

/**
 * The error as a `PermanentSendError` if no retry can help: the SDK could not serialise the request
 * (a `URIError` from a lone surrogate in the text, raised before anything is sent), or SES refused
 * it as invalid. Undefined for anything else.
 */
function asPermanent(error: unknown): PermanentSendError | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error instanceof URIError) {
    return new PermanentSendError(
      `The message could not be encoded for SES (${error.name}: ${error.message})`,
      {
        cause: error,
      },
    );
  }
  if (REFUSED_AS_INVALID.has(error.name)) {
    return new PermanentSendError(`SES refused the message (${error.name}: ${error.message})`, {
      cause: error,
    });
  }
  return undefined;
}

/** SES tag values may hold only ASCII letters, digits, `_`, `-` and `.`, at most 256 of them. */
function tagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 256);
}
