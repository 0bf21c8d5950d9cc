import { createHealthHandler } from "../http/handlers/health-handler.js";

export const handler = createHealthHandler({
  service: "signpost",
  district: process.env.DISTRICT_COUNCIL_NAME ?? "",
});
