import { type SESClient, SendEmailCommand } from "@aws-sdk/client-ses";
import { describe, expect, it } from "vitest";
import { SesMailer } from "#adapters/ses/ses-mailer.js";
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
        Tags: [{ Name: "case-reference", Value: "SPD-AAAA-AAA4" }],
      },
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

  it("passes on the client's error", async () => {
    const client = {
      send: async () => {
        throw Object.assign(new Error("Email address is not verified."), { name: "MessageRejected" });
      },
    } as unknown as SESClient;
    await expect(new SesMailer({ client, from: FROM }).send(email)).rejects.toThrow(/not verified/);
  });
});
