#!/usr/bin/env node
// obs-sse-check: the pack's OBS encryption rules on Terraform plans (`terraform show -json`) and
// Pulumi program directories, for CI. The command is cli/main.ts; this file only runs it.
//   obs-sse-check [--format text|json|sarif] [--config policy-config.json] [--output FILE] [--stack NAME] <input>...
// Exit codes: 0 no mandatory violation, 1 at least one, 2 bad usage or input.
import { main } from "./main";

// A reader that closes the pipe early (`| head`) makes writes fail with EPIPE: main handles the
// report's writes; anything later is ignored rather than thrown as an uncaught error.
process.stdout.on("error", () => undefined);
process.stderr.on("error", () => undefined);

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }).then(
    (code) => {
        process.exitCode = code;
    },
    () => {
        process.exitCode = 2;
    },
);
