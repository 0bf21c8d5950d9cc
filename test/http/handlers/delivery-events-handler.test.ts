import { describe, expect, it } from "vitest";
import type { DeliveryNotice } from "#core/use-cases/record-delivery-event.js";
import { createDeliveryEventsHandler } from "#http/handlers/delivery-events-handler.js";
import { localContext } from "../../../functions/local/lambda-context.js";
import { bounceEvent, complaintEvent, deliveryEvent, mail, sqsEvent } from "../../helpers/ses-events.js";

// SQS event in (SES events delivered raw from the events topic), one notice per tracked SES event
// to the use case; a record whose notice cannot be stored is reported back alone, and a body that
// is not an SES event is dropped rather than retried forever.

const CLERK = "clerk@ashcombe-pc.example.org";

function setup(failFor: string[] = []) {
  const notices: DeliveryNotice[] = [];
  const handler = createDeliveryEventsHandler({
    recordDeliveryEvent: async (notice) => {
      if (failFor.includes(notice.reference)) throw new Error("ProvisionedThroughputExceededException");
      notices.push(notice);
      return "recorded";
    },
  });
  return {
    notices,
    run: (event: ReturnType<typeof sqsEvent>) => handler(event, localContext("events")),
  };
}

describe("delivery-events handler", () => {
  it("records each tagged delivery, bounce and complaint in order, with no failures", async () => {
    const { notices, run } = setup();
    const response = await run(
      sqsEvent(
        deliveryEvent(CLERK, "SPD-1"),
        bounceEvent(CLERK, { type: "Permanent", subType: "NoEmail" }, "SPD-2"),
        complaintEvent(CLERK, "SPD-3"),
      ),
    );
    expect(notices.map((n) => [n.reference, n.kind, n.detail])).toEqual([
      ["SPD-1", "delivered", undefined],
      ["SPD-2", "bounced", "Permanent/NoEmail"],
      ["SPD-3", "complained", undefined],
    ]);
    expect(response).toEqual({ batchItemFailures: [] });
  });

  it("skips untagged mail and event types it does not track", async () => {
    const { notices, run } = setup();
    const response = await run(
      sqsEvent(deliveryEvent(CLERK), { eventType: "Open", mail: mail(CLERK, "SPD-1") }),
    );
    expect(notices).toEqual([]);
    expect(response).toEqual({ batchItemFailures: [] });
  });

  it("drops a body that is not an SES event (never retried) and still records the rest", async () => {
    const { notices, run } = setup();
    const response = await run(
      sqsEvent("not json", { eventType: "Delivery" }, deliveryEvent(CLERK, "SPD-1")),
    );
    expect(notices.map((n) => n.reference)).toEqual(["SPD-1"]);
    expect(response).toEqual({ batchItemFailures: [] });
  });

  it("reports only the record whose notice could not be stored", async () => {
    const { notices, run } = setup(["SPD-2"]);
    const event = sqsEvent(
      deliveryEvent(CLERK, "SPD-1"),
      bounceEvent(CLERK, undefined, "SPD-2"),
      deliveryEvent(CLERK, "SPD-3"),
    );
    const response = await run(event);
    expect(notices.map((n) => n.reference)).toEqual(["SPD-1", "SPD-3"]);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }] });
  });
});
