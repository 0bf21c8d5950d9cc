import { MemoryCaseStore } from "../helpers/memory-case-store.js";
import { caseStoreContract } from "./case-store-contract.js";

// The double the core's unit tests use must keep every promise the DynamoDB adapter keeps.
caseStoreContract("MemoryCaseStore", async (now) => ({ store: new MemoryCaseStore({ now }) }));
