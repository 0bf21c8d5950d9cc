/**
 * `npm run check:services`: loads every service definition (the core validates each as it loads)
 * and reports it; an invalid one is named with its file, the path inside it and the fault.
 */
try {
  const { services } = await import("#core/services/index.js");
  for (const service of services.values()) {
    console.log(`ok  ${service.id}: ${service.questions.length} questions, ${service.rules.length} rules`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
