import { describe } from "vitest";
import { createGovernance } from "../../../services/gateway/src/governance";
import { type GovernanceFixture, governanceContract } from "./contract";

function makeMemoryGovernance(): GovernanceFixture {
  let now = new Date("2026-11-15T12:00:00Z");
  return {
    governance: createGovernance({ now: () => now }),
    setNow: (at) => {
      now = at;
    },
  };
}

describe("governance, in memory", () => {
  governanceContract(makeMemoryGovernance);
});
