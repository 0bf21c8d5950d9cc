import { SESClient, SendEmailCommand } from "@aws-sdk/client-ses";
import { describe, expect, it } from "vitest";
import { SesMailer } from "#adapters/ses/ses-mailer.js";
import { PermanentSendError } from "#core/errors.js";
import type { OutgoingEmail } from "#core/ports/mailer.js";

// The SES v1 SendEmail request the mailer builds, captured by a stub client (no network).

function stubClient(output: { MessageId?: string } = { MessageId: "ses-0001" }) {
  const sent: unknown[] = [];
  const client = {
    send: async (command: unknown) => {
      sent.push(command);
      return output;
    },
  } as unknown as SESClient;
  const inputs = () =>
    sent.map((command) => {
      expect(command).toBeInstanceOf(SendEmailCommand);
      return (command as SendEmailCommand).input;
    });
  return { client, inputs };
}

const email: OutgoingEmail = {
  to: ["clerk@ashcombe-pc.example.org"],
  subject: "New report SPD-AAAA-AAA4",
  text: "Plain text",
  html: "<p>HTML</p>",
  reference: "SPD-AAAA-AAA4",
};
const FROM = "signpost@exampleshire-vale.example.org";

describe("SesMailer", () => {
  it("sends text and HTML from the council's address, tagged with the case reference", async () => {
    const { client, inputs } = stubClient();
    const result = await new SesMailer({ client, from: FROM }).send(email);
    expect(result).toEqual({ messageId: "ses-0001" });
    expect(inputs()).toEqual([
      {
        Source: FROM,
        Destination: { ToAddresses: ["clerk@ashcombe-pc.example.org"] },
        Message: {
          Subject: { Data: "New report SPD-AAAA-AAA4", Charset: "UTF-8" },
          Body: {
            Text: { Data: "Plain text", Charset: "UTF-8" },
            Html: { Data: "<p>HTML</p>", Charset: "UTF-8" },
          },
        },
        Tags: [
          { Name: "case-reference", Value: "SPD-AAAA-AAA4" },
          { Name: "message-kind", Value: "report" },
        ],
      },
    ]);
  });

  it("sends from the email's own address where it names one (the case's council's)", async () => {
    const { client, inputs } = stubClient();
    await new SesMailer({ client, from: FROM }).send({ ...email, from: "signpost@saltmere.example.org" });
    expect(inputs()[0]?.Source).toBe("signpost@saltmere.example.org");
  });

  it("tags an acknowledgement as one, and keeps tag values to the characters SES allows", async () => {
    const { client, inputs } = stubClient();
    const mailer = new SesMailer({ client, from: FROM });
    await mailer.send({ ...email, kind: "acknowledgement" });
    await mailer.send({ ...email, reference: "digest E04999001/2026-11-23", kind: "digest" });
    expect(inputs().map((i) => i.Tags)).toEqual([
      [
        { Name: "case-reference", Value: "SPD-AAAA-AAA4" },
        { Name: "message-kind", Value: "acknowledgement" },
      ],
      [
        { Name: "case-reference", Value: "digest_E04999001_2026-11-23" },
        { Name: "message-kind", Value: "digest" },
      ],
    ]);
  });

  it("adds Reply-To and the configuration set only when given", async () => {
    const { client, inputs } = stubClient();
    const mailer = new SesMailer({ client, from: FROM, configurationSetName: "signpost" });
    await mailer.send({ ...email, replyTo: ["resident@example.org"] });
    await mailer.send({ ...email, replyTo: [] });
    const [withReply, withoutReply] = inputs();
    expect(withReply).toMatchObject({
      ReplyToAddresses: ["resident@example.org"],
      ConfigurationSetName: "signpost",
    });
    expect(withoutReply).not.toHaveProperty("ReplyToAddresses");
    expect(withoutReply?.ConfigurationSetName).toBe("signpost");
  });

  it("never sends from the resident's address", async () => {
    const { client, inputs } = stubClient();
    await new SesMailer({ client, from: FROM }).send({ ...email, replyTo: ["resident@example.org"] });
    expect(inputs()[0]?.Source).toBe(FROM);
  });

  it("fails when SES returns no MessageId", async () => {
    const { client } = stubClient({});
    await expect(new SesMailer({ client, from: FROM }).send(email)).rejects.toThrow(/no MessageId/);
  });

  const failing = (error: Error) =>
    ({
      send: async () => {
        throw error;
      },
    }) as unknown as SESClient;
  const named = (name: string, message: string) => Object.assign(new Error(message), { name });

  it.each([
    ["MessageRejected", "Email address is not verified."],
    ["InvalidParameterValue", "Illegal address"],
  ])("turns SES's %s (refused as invalid) into a permanent failure", async (name, message) => {
    const sending = new SesMailer({ client: failing(named(name, message)), from: FROM }).send(email);
    await expect(sending).rejects.toBeInstanceOf(PermanentSendError);
    await expect(sending).rejects.toThrow(new RegExp(`${name}: ${message}`));
  });

  it.each([
    ["Throttling", "Maximum sending rate exceeded."],
    ["ServiceUnavailable", "Service unavailable"],
    ["AccountSendingPausedException", "Sending paused"],
    ["TimeoutError", "socket hang up"],
  ])("passes on %s as it is, so the queue retries", async (name, message) => {
    const error = named(name, message);
    await expect(new SesMailer({ client: failing(error), from: FROM }).send(email)).rejects.toBe(error);
  });

  it("fails permanently, before any request, on text the SDK cannot encode (a lone surrogate)", async () => {
    const requests: unknown[] = [];
    // The real client and serialiser, with a request handler that records instead of connecting.
    const client = new SESClient({
      region: "eu-west-2",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
      maxAttempts: 1,
      requestHandler: {
        handle: async (request: unknown) => {
          requests.push(request);
          throw new Error("no network here");
        },
      },
    });
    const sending = new SesMailer({ client, from: FROM }).send({ ...email, text: "Fast cars \ud800 here" });
    await expect(sending).rejects.toBeInstanceOf(PermanentSendError);
    await expect(sending).rejects.toThrow(/URIError: URI malformed/);
    expect(requests).toEqual([]);
    // The same client does send well-formed text (to the recording handler).
    await expect(new SesMailer({ client, from: FROM }).send(email)).rejects.toThrow("no network here");
    expect(requests).toHaveLength(1);
  });
});
