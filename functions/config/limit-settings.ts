/**
 * Default limits on what one client may submit and what Signpost emails, in one place for the
 * functions' config, the README and the tests. Each is a setting (see env.ts) so a council can tune
 * it per environment without a code change.
 */
export const limitSettings = {
  /** Reports a resident's address (an IPv4 address or an IPv6 /64) may submit each minute. */
  clientReportsPerMinute: 5,
  /** …and each hour: a whole street may share one address (a library, a mobile network). */
  clientReportsPerHour: 30,
  /** Reports one Open311 API key may submit each minute: a client such as FixMyStreet batches. */
  apiKeyReportsPerMinute: 60,
  apiKeyReportsPerHour: 1000,
  /** Individual report emails one body (a parish clerk, the district team) gets a day; more go in a digest. */
  bodyEmailsPerDay: 25,
  /** Acknowledgements one address gets a day; beyond it the report is still taken, but not acknowledged. */
  acknowledgementsPerAddressPerDay: 3,
  /**
   * Progress emails one address gets a day, apart from acknowledgements: enough for a resident
   * with several reports moving at once, few enough that an address typed on many reports is not
   * flooded. Beyond it the update is not emailed (the timeline says so); it is on "Check your report".
   */
  progressEmailsPerAddressPerDay: 10,
  /** The London hour the daily digest of held reports is sent. */
  digestHour: 7,
  /** How near (metres) a report to the same body and service within a day is a possible duplicate. */
  duplicateRadiusMetres: 50,
  /** "Check your report" look-ups one address may make each minute, and each hour. */
  checkReportLookupsPerMinute: 10,
  checkReportLookupsPerHour: 60,
  /**
   * Wrong answers (email address or postcode) one reference takes from one client in a London day,
   * then from everyone. A district has a few thousand postcodes: one client gets 10 guesses a day
   * at a report's (about 1 in 300 of finding it, and the report's location is public anyway), and
   * cannot lock the reference for its resident, who asks from another address; 100 from all clients
   * stops a guess spread over many addresses at about 1 in 30 a day.
   */
  checkReportFailuresPerReferencePerClientPerDay: 10,
  checkReportFailuresPerReferencePerDay: 100,
} as const;
