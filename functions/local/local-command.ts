/**
 * `npm run local -- <command>`: operations on a running `npm start` stack.
 *   replay-ses <Delivery|Bounce|Complaint> <reference> <recipient> [Permanent|Transient]
 *   redrive <reference> | redrive --dead-letters
 *   digest   (send the daily digest of held reports now, as its schedule would)
 *   directory-refresh   (refresh every parish's clerk contact and email what changed, as on Mondays)
 */
const port = process.env.PORT ?? "3000";
const [command, ...args] = process.argv.slice(2);

async function post(path: string, body: unknown): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/_local/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  console.log(response.status, await response.text());
  if (!response.ok) process.exitCode = 1;
}

if (command === "replay-ses" && args.length >= 3) {
  const [type, reference, recipient, bounceType] = args;
  await post("ses-events", { type, reference, recipient, ...(bounceType ? { bounceType } : {}) });
} else if (command === "redrive" && args[0] === "--dead-letters") {
  await post("redrive", { deadLetters: true });
} else if (command === "redrive" && args[0]) {
  await post("redrive", { reference: args[0] });
} else if (command === "digest") {
  await post("digest", {});
} else if (command === "directory-refresh") {
  await post("directory-refresh", {});
} else {
  console.error(
    "Usage: npm run local -- replay-ses <Delivery|Bounce|Complaint> <reference> <recipient> [Permanent|Transient]",
  );
  console.error("       npm run local -- redrive <reference> | --dead-letters");
  console.error("       npm run local -- digest");
  console.error("       npm run local -- directory-refresh");
  process.exitCode = 2;
}
