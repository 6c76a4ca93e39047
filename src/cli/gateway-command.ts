import { createRequire } from "node:module";
import type { GatewayCommandOptions } from "../../services/gateway/src/command";
import { toStartOptions } from "../../services/gateway/src/command";
import type { GatewayCliOptions } from "../../services/gateway/src/main";

/** What the gateway's built entry (services/gateway/dist/gateway.js) exports for this launcher. */
interface GatewayEntry {
  startGatewayFromCli(opts: GatewayCliOptions): Promise<void>;
}

/**
 * `openclaw gateway` when the CLI runs it in-process (`runCli`; bin/openclaw.js hands `gateway` to the
 * built entry before the CLI loads). It runs the same built JavaScript, loaded only here, so
 * `openclaw plan` never pulls in the gateway's dependencies.
 *
 * @throws GatewayUsageError for a bad port or a missing config file
 */
export async function runGateway(opts: GatewayCommandOptions): Promise<void> {
  const start = toStartOptions(opts);
  const load = createRequire(__filename);
  const { gatewayEntry } = load("../../services/gateway/build.js") as { gatewayEntry(): string };
  const entry = load(gatewayEntry()) as GatewayEntry;
  await entry.startGatewayFromCli(start);
}
