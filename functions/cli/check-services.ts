/**
 * `npm run check:services`: runs the full validation over every service definition and reports
 * each; an invalid one is named with its file, the path inside it and the fault.
 */
try {
  const { validatedServices } = await import("#core/services/validated-services.js");
  for (const service of validatedServices().values()) {
    console.log(`ok  ${service.id}: ${service.questions.length} questions, ${service.rules.length} rules`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
