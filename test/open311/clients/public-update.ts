import { expect } from "vitest";
import type { CaseStatus } from "#core/case/case.js";
import type { LocalStack } from "../../../functions/local/local-stack.js";
import { StaffClient } from "../../helpers/staff-client.js";

/**
 * The case-log form field that carries a public update beside the internal reason when staff
 * change a status (issue 16, public updates). Only this name ties these tests to that form: if the
 * merged form names it otherwise, change it here.
 */
export const PUBLIC_UPDATE_FIELD = "publicUpdate";

/**
 * Staff change a case's status in the case log and write a public update, as a council officer
 * would: the seam the servicerequestupdates tests read back through.
 */
export async function addPublicUpdate(
  stack: LocalStack,
  reference: string,
  text: string,
  status: CaseStatus,
  publicStatus?: string,
): Promise<void> {
  const staff = await new StaffClient(stack.urls.api).signIn();
  const page = await staff.request(`/staff/cases/${reference}`);
  expect(page.response.status).toBe(200);
  const changed = await staff.request(`/staff/cases/${reference}/status`, {
    method: "POST",
    form: {
      _csrf: staff.csrf(page.body),
      status,
      reason: "Checked on site by the highways team.",
      // The status form's own key (the first on the page), so a retried form stores the update once.
      _key: /name="_key" value="([0-9a-f-]{36})"/.exec(page.body)?.[1] ?? "",
      [PUBLIC_UPDATE_FIELD]: text,
      ...(publicStatus ? { publicStatus } : {}),
    },
  });
  expect(changed.response.status, changed.body.slice(0, 500)).toBe(303);
}
