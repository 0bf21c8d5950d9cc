import type { RouteTarget } from "../bodies/roles.js";
import { allAnswerCombinations } from "./all-answer-combinations.js";
import { evaluateRules } from "./evaluate-rules.js";
import type { ServiceDefinition } from "./service-schema.js";

/**
 * Where a sentence can say a report goes: a target the rules route to, any council the rules route
 * to, or words the check does not know (which it refuses rather than let an unchecked promise
 * through).
 */
type Promised = RouteTarget | "council" | "unknown";

/** The words that name each body, and the route target that makes the promise true. */
const BODY_WORDS: ReadonlyArray<[RegExp, Promised, string]> = [
  [/\bparish(?: council| meeting)?\b|\btown council\b|\bcommunity council\b/i, "parish", "the parish"],
  [/\bdistrict council\b/i, "district", "the district council"],
  [/\bhighway authority\b/i, "highway-authority", "the highway authority"],
  [/\bcounty council\b/i, "highway-authority", "the county council"],
  // Whichever council the rules choose: true of a parish, district or highway authority route.
  [/\bcouncil that looks after it\b/i, "council", "the council that looks after it"],
  [/\broad safety partnership\b/i, "police", "the road safety partnership"],
  [/\bpolice\b/i, "police", "the police"],
  [/\bnational highways\b/i, "body:national-highways", "National Highways"],
];

/** The route targets "the council that looks after it" is true of. */
const COUNCIL_TARGETS: ReadonlySet<RouteTarget> = new Set(["parish", "district", "highway-authority"]);

const KNOWN_WORDS =
  "the parish, the district council, the highway authority, the county council, the road safety partnership, the police or National Highways";

/** "We will pass your report to …", "your report goes to …": the clause naming where it goes. */
const PROMISE =
  /\byour report (?:will go|goes|will be sent|will be passed|is sent|is passed) to ([^.,;]*)|\b(?:pass|send|forward) (?:your report|it) to ([^.,;]*)/gi;

/** Words that may join body names in a promise: "your parish or to the district council". */
const JOINING_WORDS = /\b(?:the|your|local|or|and|to|either)\b/gi;

/**
 * The bodies a text promises to send the report to (not ones it merely mentions). A promise with
 * any other words ("the district council's highways team", "the council's roads team") is
 * "unknown": the text claims more than a body name the rules can be checked against.
 */
export function promisedBodies(text: string): Array<{ to: Promised; words: string }> {
  const found: Array<{ to: Promised; words: string }> = [];
  for (const match of text.matchAll(PROMISE)) {
    const clause = (match[1] ?? match[2] ?? "").trim();
    let rest = clause;
    for (const [pattern, to, words] of BODY_WORDS) {
      if (!pattern.test(clause)) continue;
      found.push({ to, words });
      rest = rest.replace(new RegExp(pattern.source, "gi"), " ");
    }
    if (rest.replace(JOINING_WORDS, " ").trim() !== "") found.push({ to: "unknown", words: `"${clause}"` });
  }
  return found;
}

/**
 * Checks that what the service tells a resident about where their report goes is what its rules
 * do: an option's hint may only promise the body every routed answer with that option goes to, and
 * the summary only bodies some rule routes to. A signpost sends nothing anywhere, so naming its
 * body in a promise is false too.
 */
export function promiseProblems(service: ServiceDefinition): string[] {
  const problems: string[] = [];
  const routes = new Set(service.rules.flatMap((r) => ("route" in r ? [r.route] : [])));
  for (const { to, words } of promisedBodies(service.summary)) {
    if (to === "unknown")
      problems.push(`summary: promises to pass the report to ${words}; name only ${KNOWN_WORDS}`);
    else if (to === "council" ? ![...routes].some((r) => COUNCIL_TARGETS.has(r)) : !routes.has(to))
      problems.push(`summary: promises to pass the report to ${words}, but no rule routes there`);
  }
  service.questions.forEach((question, qi) => {
    question.options.forEach((option, oi) => {
      const promised = promisedBodies(option.hint ?? "");
      if (promised.length === 0) return;
      const where = `questions.${qi}.options.${oi}.hint`;
      const unknown = promised.find((p) => p.to === "unknown");
      if (unknown) {
        problems.push(`${where}: promises to pass the report to ${unknown.words}; name only ${KNOWN_WORDS}`);
        return;
      }
      const allowed = new Set<Promised>(
        promised.flatMap((p) => (p.to === "council" ? [...COUNCIL_TARGETS] : [p.to])),
      );
      for (const answers of allAnswerCombinations(service)) {
        if (answers[question.id] !== option.value) continue;
        const outcome = evaluateRules(service, answers);
        if (outcome.kind === "route" && !allowed.has(outcome.to)) {
          problems.push(
            `${where}: promises ${promised.map((p) => p.words).join(" or ")}, but rule "${outcome.rule.id}" routes "${option.value}" to ${outcome.to}`,
          );
          return;
        }
      }
    });
  });
  return problems;
}
