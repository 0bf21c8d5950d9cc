import { clientKeys } from "#http/client-identity.js";

/** A deployment's client hash key, for handlers built in a test without the wiring. */
export const testClientKeys = clientKeys("test-client-hash-secret-0123456789abcdef");
