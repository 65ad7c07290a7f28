// `npm run demo`: runs the example programs through the pack the way `pulumi preview
// --policy-pack` would (programs under Pulumi's mocks, the pack launched as the CLI launches it,
// the analyzer protocol spoken to it), prints the CLI's policy section for each, and exits
// non-zero when a mandatory violation is found, as a preview would fail.
//   node bin/scripts/demo.js [--config policy-config.json] [example dir ...]
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { captureProgram } from "../test/harness/capture";
import type { PolicyConfigFile } from "../test/harness/config";
import { PackProcess } from "../test/harness/pack";
import { renderPolicySection, replayProgram } from "../test/harness/replay";

const ROOT = path.resolve(__dirname, "..", "..");

function parseArgs(argv: string[]): { config: PolicyConfigFile; programs: string[] } {
    let config: PolicyConfigFile = {};
    const programs: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--config") config = JSON.parse(readFileSync(argv[++i], "utf8")) as PolicyConfigFile;
        else programs.push(path.resolve(argv[i]));
    }
    if (programs.length === 0) programs.push(...["compliant", "violations", "otc-native", "huawei"].map((dir) => path.join(ROOT, "examples", dir)));
    return { config, programs };
}

async function main(): Promise<number> {
    const { config, programs } = parseArgs(process.argv.slice(2));
    const pack = await PackProcess.launch(ROOT);
    let mandatory = 0;
    try {
        const info = await pack.getAnalyzerInfo();
        for (const dir of programs) {
            const program = await captureProgram(dir, { preview: true });
            await pack.configureStack({ stack: program.stack, project: program.project, dryRun: true, config: program.config });
            await pack.configure(config);
            const result = await replayProgram(pack, program);
            console.log(`\nPreviewing ${path.relative(process.cwd(), dir) || "."} (stack ${program.stack}): ${program.resources.length} resources`);
            for (const r of result.remediated) console.log(`    ~ ${r.policyName} remediated ${r.urn}`);
            console.log(renderPolicySection(`${info.name}@v${info.version} (local: ${path.relative(process.cwd(), ROOT) || "."})`, result.diagnostics));
            mandatory += result.diagnostics.filter((d) => d.enforcementLevel === "mandatory").length;
        }
    } finally {
        await pack.close();
    }
    if (mandatory > 0) console.log(`\nerror: preview failed due to ${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"}`);
    return mandatory > 0 ? 1 : 0;
}

main().then((code) => process.exit(code), (err: unknown) => {
    console.error(err instanceof Error ? err.stack ?? err.message : String(err));
    process.exit(2);
});
