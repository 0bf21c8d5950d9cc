import type { Council } from "#core/councils/council.js";
import { servicesOf } from "#core/councils/offers.js";
import { evaluateRules } from "#core/routing/evaluate-rules.js";
import { allAnswerCombinations } from "#core/routing/load-service.js";
import type { ServiceDefinition, Signpost } from "#core/routing/service-schema.js";

/**
 * GeoReport v2 services and service definitions, generated from the same service definition data
 * as the form and the JSON API: each routing question becomes a single-value-list attribute whose
 * code is the question id and whose values are its options.
 */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: "realtime";
  keywords: string;
  group: string;
}

export interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: "singlevaluelist";
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values: Array<{ key: string; name: string }>;
}

export interface Open311ServiceDefinition {
  service_code: string;
  attributes: Open311Attribute[];
}

/** The services one council takes (every one, where it lists none). */
export function serviceList(
  services: ReadonlyMap<string, ServiceDefinition>,
  council: Pick<Council, "services">,
): Open311Service[] {
  return servicesOf(services.values(), council).map((service) => ({
    service_code: service.id,
    service_name: service.name,
    description: service.summary,
    // Every service asks its routing questions, so clients must fetch the definition.
    metadata: true,
    // A request is stored and given its reference at once.
    type: "realtime",
    keywords: service.id.split("-").join(", "),
    group: "",
  }));
}

/**
 * `councilName` is the district's: a value that leads to a signpost says so in its name, and that
 * a report sent anyway goes to that council, so a client can show it before the resident sends.
 */
export function serviceDefinition(service: ServiceDefinition, councilName: string): Open311ServiceDefinition {
  const signposts = signpostedOptions(service);
  return {
    service_code: service.id,
    attributes: service.questions.map((question, index) => ({
      variable: true,
      code: question.id,
      datatype: "singlevaluelist",
      required: true,
      datatype_description: question.hint ?? "",
      order: index + 1,
      description: question.title,
      values: question.options.map((option) => {
        const signpost = signposts.get(`${question.id}=${option.value}`);
        const name = signpost ? `${option.label} (${signpostText(signpost, councilName)})` : option.label;
        return { key: option.value, name };
      }),
    })),
  };
}

function signpostText({ title, message, link }: Signpost, councilName: string): string {
  const where = link ? ` ${link.text}: ${link.href}` : "";
  return `${title}: ${message}${where} A report sent here goes to ${councilName} and is read in office hours`;
}

const signpostsOf = new WeakMap<ServiceDefinition, ReadonlyMap<string, Signpost>>();

/**
 * The options (`question=value`) that always end in a signpost, whatever the other answers are,
 * each with the signpost of the rule that names it. Found by trying every complete set of answers
 * (as `loadService` does to prove the rules), once per service.
 */
function signpostedOptions(service: ServiceDefinition): ReadonlyMap<string, Signpost> {
  const known = signpostsOf.get(service);
  if (known) return known;
  const notAlways = new Set<string>();
  for (const answers of allAnswerCombinations(service)) {
    if (evaluateRules(service, answers).kind === "signpost") continue;
    for (const [questionId, value] of Object.entries(answers)) notAlways.add(`${questionId}=${value}`);
  }
  const signposts = new Map<string, Signpost>();
  for (const rule of service.rules) {
    if (!("signpost" in rule)) continue;
    for (const [questionId, values] of Object.entries(rule.when)) {
      for (const value of values) {
        const key = `${questionId}=${value}`;
        if (!notAlways.has(key) && !signposts.has(key)) signposts.set(key, rule.signpost);
      }
    }
  }
  signpostsOf.set(service, signposts);
  return signposts;
}
