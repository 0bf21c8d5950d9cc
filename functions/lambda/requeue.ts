import { readConfig } from "../config/env.js";
import { requeueHandler } from "../wiring/handlers/requeue.js";

export const handler = requeueHandler(readConfig(process.env));
