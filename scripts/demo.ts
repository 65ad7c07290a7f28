// `npm run demo`: runs the example programs through the pack the way `pulumi preview
// --policy-pack` would (programs under Pulumi's mocks, the pack launched as the CLI launches it,
// the analyzer protocol spoken to it), prints the CLI's policy section for each, and exits
// non-zero when a mandatory violation is found, as a preview would fail.
//   node bin/scripts/demo.js [--config policy-config.json] [example dir ...]
import * as path from "node:path";
import { launchPack, packageRoot, previewProgram, readPolicyConfig, type PolicyConfigFile } from "../testing";

const ROOT = packageRoot();

function parseArgs(argv: string[]): { config: PolicyConfigFile; programs: string[] } {
    let config: PolicyConfigFile = {};
    const programs: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--config") config = readPolicyConfig(argv[++i]);
        else programs.push(path.resolve(argv[i]));
    }
    if (programs.length === 0) programs.push(...["compliant", "violations", "otc-native", "huawei"].map((dir) => path.join(ROOT, "examples", dir)));
    return { config, programs };
}

async function main(): Promise<number> {
    const { config, programs } = parseArgs(process.argv.slice(2));
    const pack = await launchPack();
    let mandatory = 0;
    try {
        for (const dir of programs) {
            const result = await previewProgram(dir, { pack, policyConfig: config });
            console.log(`\nPreviewing ${path.relative(process.cwd(), dir) || "."} (stack ${result.stack}): ${result.resourceCount} resources`);
            for (const r of result.remediated) console.log(`    ~ ${r.policyName} remediated ${r.urn}`);
            console.log(result.output);
            mandatory += result.mandatory.length;
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
