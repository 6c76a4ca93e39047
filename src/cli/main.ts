// Entry point of the `openclaw` CLI (bin/openclaw.js registers tsx, then requires this file).
import { runCli } from "./program";

runCli(process.argv, {
  stdout: (text) => process.stdout.write(text),
  stderr: (line) => process.stderr.write(`${line}\n`),
  debug: process.env.OPENCLAW_DEBUG === "1",
}).then(({ code, serving }) => {
  if (serving) return; // the gateway owns the process from here
  // Exit explicitly: a program under evaluation may leave timers behind. Flush stdout first.
  process.stdout.write("", () => process.exit(code));
});
