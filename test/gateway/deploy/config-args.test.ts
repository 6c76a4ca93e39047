// GatewayConfigSpec restates the gateway's zod schema as interfaces (the component package's analyzer
// cannot read zod types). These checks run at type-check time: a field added to or renamed in the schema
// without the spec following fails `tsc --noEmit`.
import { describe, expectTypeOf, it } from "vitest";
import type {
  GatewayConfigSpec,
  GatewayKey,
  GatewayModel,
  GatewayProvider,
  GatewayServer,
} from "../../../services/gateway/deploy";
import type { ConfigInput } from "../../../services/gateway/src/config/schema";

type Item<T> = T extends readonly (infer U)[] ? U : never;
/** Fields the spec leaves out on purpose: secrets, which GatewayService takes as args. */
type SecretFields = "apiKey" | "key" | "redisUrl" | "metricsToken";

describe("GatewayConfigSpec follows the gateway's config schema", () => {
  it("is accepted by the schema's input type", () => {
    expectTypeOf<GatewayConfigSpec>().toExtend<ConfigInput>();
  });

  it("names every field the schema has, secrets excepted", () => {
    expectTypeOf<keyof GatewayConfigSpec>().toEqualTypeOf<keyof ConfigInput>();
    expectTypeOf<keyof GatewayProvider>().toEqualTypeOf<
      Exclude<keyof Item<ConfigInput["providers"]>, SecretFields>
    >();
    expectTypeOf<keyof GatewayModel>().toEqualTypeOf<keyof Item<ConfigInput["models"]>>();
    expectTypeOf<keyof GatewayKey>().toEqualTypeOf<Exclude<keyof Item<ConfigInput["keys"]>, SecretFields>>();
    expectTypeOf<keyof GatewayServer>().toEqualTypeOf<
      Exclude<keyof NonNullable<ConfigInput["server"]>, SecretFields>
    >();
  });
});
