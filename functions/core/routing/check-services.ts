/** `npm run check:services`: loads and validates every service definition, naming any error. */
import { services } from "../services/index.js";

for (const service of services.values()) {
  console.log(`ok  ${service.id}: ${service.questions.length} questions, ${service.rules.length} rules`);
}
