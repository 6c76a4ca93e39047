/** Entry point of the benchmark's child roles: `node -r tsx/cjs roles.ts <upstream|passthrough> [origin]`. */
import { runFakeUpstream } from "./fake-upstream";
import { runPassthrough } from "./passthrough";

const [role, origin] = process.argv.slice(2);
if (role === "upstream") runFakeUpstream();
else if (role === "passthrough" && origin !== undefined) runPassthrough(origin);
else {
  process.stderr.write(`unknown bench role: ${role}\n`);
  process.exit(2);
}
