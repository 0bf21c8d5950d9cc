import type { Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { IConstruct } from "constructs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DELIVERY_EVENTS_MAX_RECEIVES,
  DELIVERY_EVENTS_VISIBILITY_SECONDS,
} from "../../infra/constructs/delivery-events-queue.js";
import { signpostApp } from "./synth.js";

// Issue 14: SES events reach the delivery-events function through a queue of their own, so a bounce
// the function cannot record is retried and then kept, never dropped.

type Resource = { Type: string; Properties: Record<string, unknown> };
let synth: ReturnType<typeof signpostApp>;
let messaging: Template;
beforeAll(() => {
  synth = signpostApp();
  messaging = Template.fromStack(synth.messaging);
});

const idOf = (stack: Stack, construct: IConstruct) =>
  stack.getLogicalId(construct.node.defaultChild as never);
const resource = (template: Template, id: string) => template.toJSON().Resources[id] as Resource | undefined;

describe("the delivery-events queue", () => {
  it("receives the events topic with raw message delivery, and a redrive policy to the dead-letter queue", () => {
    const { deliveryEvents, mail } = synth.messaging;
    const subscriptions = Object.values(messaging.findResources("AWS::SNS::Subscription")) as Resource[];
    const toQueue = subscriptions.filter((s) => s.Properties.Protocol === "sqs");
    expect(toQueue).toHaveLength(1);
    expect(toQueue[0]?.Properties).toEqual({
      Protocol: "sqs",
      TopicArn: { Ref: idOf(synth.messaging, mail.eventsTopic) },
      Endpoint: { "Fn::GetAtt": [idOf(synth.messaging, deliveryEvents.queue), "Arn"] },
      RawMessageDelivery: true,
      RedrivePolicy: {
        deadLetterTargetArn: { "Fn::GetAtt": [idOf(synth.messaging, deliveryEvents.deadLetterQueue), "Arn"] },
      },
    });
  });

  it("is encrypted with the messaging key, retried then dead-lettered, with room for the function's timeout", () => {
    const { deliveryEvents, key } = synth.messaging;
    const keyArn = { "Fn::GetAtt": [idOf(synth.messaging, key), "Arn"] };
    const queue = resource(messaging, idOf(synth.messaging, deliveryEvents.queue));
    expect(queue?.Properties).toMatchObject({
      KmsMasterKeyId: keyArn,
      VisibilityTimeout: DELIVERY_EVENTS_VISIBILITY_SECONDS,
      RedrivePolicy: {
        maxReceiveCount: DELIVERY_EVENTS_MAX_RECEIVES,
        deadLetterTargetArn: { "Fn::GetAtt": [idOf(synth.messaging, deliveryEvents.deadLetterQueue), "Arn"] },
      },
    });
    const deadLetters = resource(messaging, idOf(synth.messaging, deliveryEvents.deadLetterQueue));
    expect(deadLetters?.Properties).toMatchObject({
      KmsMasterKeyId: keyArn,
      MessageRetentionPeriod: 14 * 86400,
    });
    // AWS advises a visibility timeout of six times the function's timeout for an SQS event source.
    const fn = Template.fromStack(synth.application).toJSON().Resources[
      idOf(synth.application, synth.application.functions.deliveryEvents)
    ] as Resource;
    expect(DELIVERY_EVENTS_VISIBILITY_SECONDS).toBeGreaterThanOrEqual(6 * (fn.Properties.Timeout as number));
  });

  it("accepts SNS only from the events topic, and only over TLS, on both queues", () => {
    const { deliveryEvents, mail } = synth.messaging;
    const policies = Object.values(messaging.findResources("AWS::SQS::QueuePolicy")) as Resource[];
    for (const queue of [deliveryEvents.queue, deliveryEvents.deadLetterQueue]) {
      const id = idOf(synth.messaging, queue);
      const statements = policies
        .filter((p) => JSON.stringify(p.Properties.Queues).includes(`"${id}"`))
        .flatMap(
          (p) => (p.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement,
        );
      const allows = statements.filter((s) => s.Effect === "Allow");
      expect(allows).toEqual([
        {
          Effect: "Allow",
          Action: "sqs:SendMessage",
          Principal: { Service: "sns.amazonaws.com" },
          Resource: { "Fn::GetAtt": [id, "Arn"] },
          Condition: { ArnEquals: { "aws:SourceArn": { Ref: idOf(synth.messaging, mail.eventsTopic) } } },
        },
      ]);
      expect(statements.filter((s) => s.Effect === "Deny")).toEqual([
        expect.objectContaining({ Condition: { Bool: { "aws:SecureTransport": "false" } } }),
      ]);
    }
  });
});
