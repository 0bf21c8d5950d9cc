import { parseArgs } from "node:util";
import * as z from "zod";

/** `npm run smoke -- --env <name> [--region r] [--postcode p --mailbox m] [--timeout-minutes n]` */
const argsSchema = z
  .strictObject({
    env: z
      .string({ error: "--env <name> is required: the environment in cdk.json (signpost:environments)" })
      .regex(/^[A-Za-z0-9-]+$/, "--env must be letters, digits and hyphens, as in the stack names"),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "--region must be an AWS region like eu-west-2")
      .optional(),
    postcode: z.string().trim().min(5, "--postcode must be a postcode in the district").optional(),
    mailbox: z.email("--mailbox must be an email address").optional(),
    "timeout-minutes": z.coerce
      .number({ error: "--timeout-minutes must be a number" })
      .int({ error: "--timeout-minutes must be a whole number of minutes" })
      .min(1, { error: "--timeout-minutes must be from 1 to 60" })
      .max(60, { error: "--timeout-minutes must be from 1 to 60" })
      .default(10),
  })
  .refine((a) => (a.postcode === undefined) === (a.mailbox === undefined), {
    message: "--postcode and --mailbox go together: the test report needs both (or neither, to skip it)",
  });

export interface SmokeArgs {
  env: string;
  region?: string;
  /** The end-to-end report: where it is reported, and the mailbox that gets its acknowledgement. */
  report?: { postcode: string; mailbox: string };
  timeoutMs: number;
}

/** The command line as SmokeArgs, or the messages saying what is wrong with it. */
export function parseSmokeArgs(
  argv: string[],
): { ok: true; args: SmokeArgs } | { ok: false; errors: string[] } {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        env: { type: "string" },
        region: { type: "string" },
        postcode: { type: "string" },
        mailbox: { type: "string" },
        "timeout-minutes": { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return { ok: false, errors: [(error as Error).message] };
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => i.message) };
  const { env, region, postcode, mailbox } = parsed.data;
  return {
    ok: true,
    args: {
      env,
      ...(region ? { region } : {}),
      ...(postcode && mailbox ? { report: { postcode, mailbox } } : {}),
      timeoutMs: parsed.data["timeout-minutes"] * 60_000,
    },
  };
}

export const SMOKE_USAGE = `Usage: npm run smoke -- --env <name> [--region <region>] [--postcode <postcode> --mailbox <email>] [--timeout-minutes <n>]

Checks a deployed Signpost environment with your AWS credentials: the stacks, GET /health, the SES
identity, the alarm email subscription, an alarm reaching the alarm topic and, with --postcode and
--mailbox, a test report from the API to the district and its delivery event back on the case.`;
