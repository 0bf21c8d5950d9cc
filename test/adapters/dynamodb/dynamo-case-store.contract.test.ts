import { DynamoCaseStore } from "#adapters/dynamodb/dynamo-case-store.js";
import { startDynaliteClient } from "../../helpers/dynalite-client.js";
import { caseStoreContract, FIRST_COUNCIL } from "../case-store-contract.js";

// A fresh dynalite for each test, so lists and counts see only that test's cases.
caseStoreContract("DynamoCaseStore (dynalite)", async (now) => {
  const dynalite = await startDynaliteClient("case-store-contract");
  return {
    store: new DynamoCaseStore({
      client: dynalite.client,
      tableName: dynalite.tableName,
      firstCouncil: FIRST_COUNCIL,
      now,
    }),
    close: dynalite.close,
  };
});
