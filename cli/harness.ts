// The one module of the command that uses the testing harness (testing/): policy config
// reconciliation, and checking a Pulumi program directory the way `pulumi preview --policy-pack`
// would (the program captured under Pulumi's mocks, the pack launched as the CLI launches it and
// driven through the analyzer protocol). When the harness moves, only the imports here change.
import * as path from "node:path";
import { reconcilePolicyConfig, type PolicyConfigFile } from "../testing/config";
import { InputError } from "./terraform/plan";
import { ROOT } from "./version";

export { reconcilePolicyConfig, type PolicyConfigFile };

export interface ProgramDiagnostic {
    readonly policyName: string;
    readonly enforcementLevel: "advisory" | "mandatory";
    readonly severity: string;
    readonly message: string;
    readonly urn: string;
    readonly resourceType: string;
    readonly resourceName: string;
}

export interface ProgramResult {
    readonly dir: string;
    readonly stack: string;
    readonly resourceCount: number;
    readonly packLabel: string;
    readonly remediated: ReadonlyArray<{ readonly urn: string; readonly policyName: string }>;
    readonly diagnostics: readonly ProgramDiagnostic[];
}

/** Checks Pulumi program directories with one pack process, as `npm run demo` does. */
export async function checkPulumiPrograms(dirs: readonly string[], config: PolicyConfigFile, _options?: { readonly stack?: string }): Promise<ProgramResult[]> {
    // Loaded on demand: the pack process and the capture worker are not needed for plans.
    const { captureProgram } = await import("../testing/capture");
    const { PackProcess } = await import("../testing/pack");
    const { replayProgram } = await import("../testing/replay");
    const pack = await PackProcess.launch(ROOT);
    const results: ProgramResult[] = [];
    try {
        const info = await pack.getAnalyzerInfo();
        for (const dir of dirs) {
            let program;
            try {
                program = await captureProgram(dir, { preview: true });
            } catch (e) {
                // The program's own failure (its message is the program's, not secret input).
                throw new InputError(`${path.relative(process.cwd(), dir) || "."}: the Pulumi program could not be previewed: ${e instanceof Error ? e.message : String(e)}`);
            }
            await pack.configureStack({ stack: program.stack, project: program.project, dryRun: true, config: program.config });
            await pack.configure(config);
            const result = await replayProgram(pack, program);
            results.push({
                dir,
                stack: program.stack,
                resourceCount: program.resources.length,
                packLabel: `${info.name}@v${info.version} (local: ${path.relative(process.cwd(), ROOT) || "."})`,
                remediated: result.remediated.map((r) => ({ urn: r.urn, policyName: r.policyName })),
                // The analyzer server reports only these two levels (disabled policies do not run,
                // remediate is reported as mandatory).
                diagnostics: result.diagnostics.flatMap((d) => d.enforcementLevel === "advisory" || d.enforcementLevel === "mandatory"
                    ? [{ policyName: d.policyName, enforcementLevel: d.enforcementLevel, severity: d.severity, message: d.message, urn: d.urn, resourceType: d.resourceType, resourceName: d.resourceName }]
                    : []),
            });
        }
    } finally {
        await pack.close();
    }
    return results;
}
