import { describe, expect, it } from "vitest";
import { localContext } from "../../functions/local/lambda-context.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { aReport, postReport } from "../helpers/builders.js";
import { demoPostcodes } from "../helpers/demo-data.js";
import { queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { sqsEvent } from "../helpers/ses-events.js";
import { emailsAbout } from "../helpers/ses-store.js";

// SES → SNS → SQS → delivery-events, replayed locally with the event shapes SES publishes.

let stack: LocalStack;
useLocalStack({}, (started) => {
  stack = started;
});

const sesMail = (reference: string, to: string) => ({
  timestamp: new Date().toISOString(),
  messageId: "0102018c-test",
  source: "signpost@exampleshire-vale.example.org",
  destination: [to],
  tags: { "case-reference": [reference], "ses:configuration-set": ["signpost"] },
});

describe("delivery-events on the local stack", () => {
  it("puts SES delivery and bounce notices on the case found by its message tag", async () => {
    const postcode = demoPostcodes().find((p) => p.expected === "unparished")?.postcode;
    const response = await postReport(
      stack.urls.api,
      // Speedwatch where there is no parish: the council's own team has it.
      aReport({ answers: { outcome: "speedwatch" }, location: { postcode }, description: "x" }),
    );
    const { reference } = (await response.json()) as { reference: string };
    await queueDrained(stack);
    const to = stack.config.DISTRICT_EMAIL;

    await stack.deliveryEvents(
      sqsEvent({ eventType: "Delivery", mail: sesMail(reference, to), delivery: { recipients: [to] } }),
      localContext("delivery-events"),
    );
    await stack.deliveryEvents(
      sqsEvent({
        eventType: "Bounce",
        mail: sesMail(reference, to),
        bounce: {
          bounceType: "Permanent",
          bounceSubType: "General",
          bouncedRecipients: [{ emailAddress: to }],
        },
      }),
      localContext("delivery-events"),
    );
    // Mail that is not ours (no tag) and event types we do not track are ignored.
    await stack.deliveryEvents(
      sqsEvent({ eventType: "Open", mail: sesMail(reference, to) }),
      localContext("delivery-events"),
    );
    await stack.deliveryEvents(
      sqsEvent({ eventType: "Delivery", mail: { ...sesMail(reference, to), tags: {} } }),
      localContext("delivery-events"),
    );

    const timeline = await stack.app.caseStore.timeline(reference);
    expect(timeline.map((e) => e.type)).toEqual(["submitted", "queued", "sent", "delivered", "bounced"]);
    // No summary names anyone; the addresses are in the data only district staff see.
    expect(timeline[3]).toMatchObject({ summary: "Report email delivered", data: { recipients: to } });
    expect(timeline[4]).toMatchObject({
      summary: "Report email bounced (Permanent/General)",
      data: { recipients: to },
    });
  });

  it("records the resident's acknowledgement events by its own tag, with no address, and never re-routes", async () => {
    const postcode = demoPostcodes().find((p) => p.expected === "E04999001")?.postcode;
    const resident = "dave.resident@example.net";
    const response = await postReport(
      stack.urls.api,
      aReport({ location: { postcode }, description: "x", reporter: { name: "Dave", email: resident } }),
    );
    const { reference } = (await response.json()) as { reference: string };
    await queueDrained(stack);
    const emails = await emailsAbout(stack.urls.ses, reference);
    expect(emails.map((e) => e.destination.to[0])).toContain(resident);

    const ackMail = {
      ...sesMail(reference, resident),
      tags: { ...sesMail(reference, resident).tags, "message-kind": ["acknowledgement"] },
    };
    await stack.deliveryEvents(
      sqsEvent(
        { eventType: "Delivery", mail: ackMail, delivery: { recipients: [resident] } },
        {
          eventType: "Bounce",
          mail: ackMail,
          bounce: {
            bounceType: "Permanent",
            bounceSubType: "General",
            bouncedRecipients: [{ emailAddress: resident }],
          },
        },
        {
          eventType: "Complaint",
          mail: ackMail,
          complaint: { complainedRecipients: [{ emailAddress: resident }] },
        },
      ),
      localContext("delivery-events"),
    );
    const timeline = await stack.app.caseStore.timeline(reference);
    const acks = timeline.filter((e) => e.data?.message === "acknowledgement");
    expect(acks.map((e) => e.summary)).toEqual([
      "Acknowledgement delivered",
      "Acknowledgement bounced",
      "Acknowledgement marked as spam",
    ]);
    expect(JSON.stringify(timeline)).not.toContain(resident);
    expect(await stack.app.caseStore.get(reference)).toMatchObject({
      delivery: "sent",
      destination: { kind: "parish" },
    });
  });

  it("re-routes to the district when the parish clerk's address bounces permanently (replayed via /_local)", async () => {
    const postcode = demoPostcodes().find((p) => p.expected === "E04999001")?.postcode;
    const response = await postReport(stack.urls.api, aReport({ location: { postcode }, description: "x" }));
    const { reference } = (await response.json()) as { reference: string };
    await queueDrained(stack);
    const clerk = (await stack.app.caseStore.get(reference))?.recipient as string;
    expect(clerk).toMatch(/@ashcombe/);

    const replay = await fetch(`${stack.urls.api}/_local/ses-events`, {
      method: "POST",
      body: JSON.stringify({ type: "Bounce", reference, recipient: clerk, bounceType: "Permanent" }),
    });
    expect(replay.status).toBe(202);
    await expect
      .poll(async () => (await stack.app.caseStore.get(reference))?.recipient)
      .toBe(stack.config.DISTRICT_EMAIL);
    await queueDrained(stack);

    const final = await stack.app.caseStore.get(reference);
    expect(final).toMatchObject({ delivery: "sent", destination: { kind: "district", code: "E07999999" } });
    // Reports in this file share a point; being a possible duplicate of another is not the subject.
    const timeline = (await stack.app.caseStore.timeline(reference)).filter(
      (e) => e.type !== "possible-duplicate",
    );
    expect(timeline.map((e) => e.type)).toEqual([
      "submitted",
      "queued",
      "sent",
      "bounced",
      "rerouted",
      "sent",
    ]);
    expect(timeline[4]?.summary).toContain("bounced permanently");
    const emails = await emailsAbout(stack.urls.ses, reference);
    expect(emails.map((e) => e.destination.to[0])).toEqual([clerk, stack.config.DISTRICT_EMAIL]);
  });

  it("does not re-route on a transient bounce", async () => {
    const postcode = demoPostcodes().find((p) => p.expected === "E04999001")?.postcode;
    const response = await postReport(
      stack.urls.api,
      aReport({ answers: { outcome: "speed-sign" }, location: { postcode }, description: "x" }),
    );
    const { reference } = (await response.json()) as { reference: string };
    await queueDrained(stack);
    const clerk = (await stack.app.caseStore.get(reference))?.recipient as string;
    await fetch(`${stack.urls.api}/_local/ses-events`, {
      method: "POST",
      body: JSON.stringify({ type: "Bounce", reference, recipient: clerk, bounceType: "Transient" }),
    });
    await queueDrained(stack);
    expect(await stack.app.caseStore.get(reference)).toMatchObject({
      recipient: clerk,
      destination: { kind: "parish" },
    });
    expect(await emailsAbout(stack.urls.ses, reference)).toHaveLength(1);
  });
});
