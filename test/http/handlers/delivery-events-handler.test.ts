import { describe, expect, it } from "vitest";
import type { DeliveryNotice } from "#core/use-cases/record-delivery-event.js";
import { createDeliveryEventsHandler } from "#http/handlers/delivery-events-handler.js";
import { localContext } from "../../../functions/local/lambda-context.js";
import { bounceEvent, complaintEvent, deliveryEvent, mail, snsEvent } from "../../helpers/ses-events.js";

// SNS event in, one notice per tracked SES event to the use case; anything malformed fails the
// invocation so SNS retries it.

const CLERK = "clerk@ashcombe-pc.example.org";

function setup() {
  const notices: DeliveryNotice[] = [];
  const handler = createDeliveryEventsHandler({
    recordDeliveryEvent: async (notice) => {
      notices.push(notice);
      return "recorded";
    },
  });
  return { notices, run: (...messages: unknown[]) => handler(snsEvent(...messages), localContext("events")) };
}

describe("delivery-events handler", () => {
  it("records each tagged delivery, bounce and complaint in order", async () => {
    const { notices, run } = setup();
    await run(
      deliveryEvent(CLERK, "SPD-1"),
      bounceEvent(CLERK, { type: "Permanent", subType: "NoEmail" }, "SPD-2"),
      complaintEvent(CLERK, "SPD-3"),
    );
    expect(notices.map((n) => [n.reference, n.kind, n.detail])).toEqual([
      ["SPD-1", "delivered", undefined],
      ["SPD-2", "bounced", "Permanent/NoEmail"],
      ["SPD-3", "complained", undefined],
    ]);
  });

  it("skips untagged mail and event types it does not track", async () => {
    const { notices, run } = setup();
    await run(deliveryEvent(CLERK), { eventType: "Open", mail: mail(CLERK, "SPD-1") });
    expect(notices).toEqual([]);
  });

  it("fails on a message that is not an SES event", async () => {
    const { run } = setup();
    await expect(run("not json")).rejects.toThrow();
    await expect(run({ eventType: "Delivery" })).rejects.toThrow();
  });
});
