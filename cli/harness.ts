// Checking Pulumi program directories the way `pulumi preview --policy-pack` would, with the engine
// layer (engine/) that the testing API uses too: the program captured under Pulumi's mocks, the
// pack launched as the CLI launches it and driven through the analyzer protocol. This module turns
// what cannot be captured into the command's input errors, and the replay into results.
import * as path from "node:path";
import type { StackSelection } from "../engine/capture";
import type { PolicyConfigFile } from "../engine/config";
import type { ReplayedDiagnostic } from "../engine/replay";
import type { SourceLocation } from "../policies/finding";
import { InputError } from "./inputError";
import { ROOT } from "./version";

/** A diagnostic of a previewed program, at one of the two levels the analyzer server reports. */
export type ProgramDiagnostic = Readonly<
    Pick<ReplayedDiagnostic, "policyName" | "severity" | "message" | "urn" | "resourceType" | "resourceName">
> & { readonly enforcementLevel: "advisory" | "mandatory" };

export interface ProgramResult {
    readonly dir: string;
    /** The stack previewed (its name is in every URN). */
    readonly stack: string;
    /** The stack config file read ("Pulumi.prod.yaml"), or undefined when the program has none and no stack config was read. */
    readonly stackConfigFile: string | undefined;
    /** What the header says about the stack: "stack prod" or "stack dev: no stack config was read". */
    readonly stackLabel: string;
    readonly resourceCount: number;
    readonly packLabel: string;
    readonly remediated: ReadonlyArray<{ readonly urn: string; readonly policyName: string }>;
    readonly diagnostics: readonly ProgramDiagnostic[];
    /** Where the program constructs each resource, by URN (file relative to `dir`). */
    readonly locations?: ReadonlyMap<string, SourceLocation>;
    /** Each resource analyzed (URN, in order), with the policies that said they do not apply to it. */
    readonly analyzed?: ReadonlyArray<{ readonly urn: string; readonly notApplicable: readonly string[] }>;
}

export interface CheckProgramsOptions {
    /** The stack whose Pulumi.<stack>.yaml is read (`--stack NAME`); it must exist. */
    readonly stack?: string;
}

/** A directory as messages name it: relative to the working directory. */
function shown(dir: string): string {
    return path.relative(process.cwd(), dir) || ".";
}

/**
 * The command's message for what cannot be captured or previewed. Never the program's own error
 * text nor any file content: the program's error message and output can carry config values.
 */
async function programError(dir: string, e: unknown): Promise<unknown> {
    const capture = await import("../engine/capture.js");
    if (e instanceof capture.UnsupportedRuntimeError) {
        return new InputError(
            `${e.projectFile}: the program's runtime is ${e.runtime}; obs-sse-check previews only nodejs (TypeScript/JavaScript) programs. ` +
                `Check it with the Pulumi CLI instead: pulumi preview --policy-pack ${ROOT}`,
        );
    }
    if (e instanceof capture.StackSelectionError) {
        return new InputError(
            e.requested !== undefined
                ? `${e.programDir}: no Pulumi.${e.requested}.yaml for --stack ${e.requested} (stack files present: ${e.stackFiles.length > 0 ? e.stackFiles.join(", ") : "none"})`
                : `${e.programDir}: several stack config files (${e.stackFiles.join(", ")}); pass --stack NAME to choose one`,
        );
    }
    if (e instanceof capture.ProgramInputError) return new InputError(e.message);
    if (e instanceof capture.ProgramFailedError) {
        const { errorName, location, configKey } = e.failure;
        const where = location !== undefined ? ` at ${location}` : "";
        if (configKey !== undefined) {
            return new InputError(`${shown(dir)}: the Pulumi program failed${where}: missing required configuration variable ${configKey}`);
        }
        return new InputError(
            `${shown(dir)}: the Pulumi program failed${where} with ${errorName} (its message is not shown: it can carry config values)`,
        );
    }
    return e;
}

/** Checks Pulumi program directories with one pack process, as `npm run demo` does. */
export async function checkPulumiPrograms(
    dirs: readonly string[],
    config: PolicyConfigFile,
    options: CheckProgramsOptions = {},
): Promise<ProgramResult[]> {
    // Loaded on demand: the pack process and the capture worker are not needed for plans.
    const { captureProgram, readProgram } = await import("../engine/capture.js");
    const { PackProcess } = await import("../engine/pack.js");
    const { replayProgram } = await import("../engine/replay.js");
    // Every program is read (Pulumi.yaml, stack choice, @pulumi/pulumi installed) before any pack
    // process starts, so that bad input fails fast.
    const selections: StackSelection[] = [];
    for (const dir of dirs) {
        try {
            selections.push(readProgram(dir, options.stack, { requireStackFile: options.stack !== undefined }).selection);
        } catch (e) {
            throw await programError(dir, e);
        }
    }
    const pack = await PackProcess.launch(ROOT);
    const results: ProgramResult[] = [];
    try {
        const info = await pack.getAnalyzerInfo();
        for (const [i, dir] of dirs.entries()) {
            const selection = selections[i]!;
            let program;
            try {
                program = await captureProgram(dir, { stack: selection.stack, preview: true });
            } catch (e) {
                throw await programError(dir, e);
            }
            await pack.configureStack({ stack: program.stack, project: program.project, dryRun: true, config: program.config });
            await pack.configure(config);
            const result = await replayProgram(pack, program);
            const notApplicable = new Map<string, string[]>();
            for (const n of result.notApplicable) notApplicable.set(n.urn, [...(notApplicable.get(n.urn) ?? []), n.policyName]);
            results.push({
                dir,
                stack: program.stack,
                stackConfigFile: program.stackConfigFile,
                stackLabel:
                    program.stackConfigFile !== undefined ? `stack ${program.stack}` : `stack ${program.stack}: no stack config was read`,
                resourceCount: program.resources.length,
                packLabel: `${info.name}@v${info.version} (local: ${path.relative(process.cwd(), ROOT) || "."})`,
                remediated: result.remediated.map((r) => ({ urn: r.urn, policyName: r.policyName })),
                locations: new Map(Object.entries(program.locations ?? {})),
                analyzed: program.resources.map((r) => ({ urn: r.urn, notApplicable: notApplicable.get(r.urn) ?? [] })),
                // The analyzer server reports only these two levels (disabled policies do not run,
                // remediate is reported as mandatory).
                diagnostics: result.diagnostics.flatMap((d) =>
                    d.enforcementLevel === "advisory" || d.enforcementLevel === "mandatory"
                        ? [
                              {
                                  policyName: d.policyName,
                                  enforcementLevel: d.enforcementLevel,
                                  severity: d.severity,
                                  message: d.message,
                                  urn: d.urn,
                                  resourceType: d.resourceType,
                                  resourceName: d.resourceName,
                              },
                          ]
                        : [],
                ),
            });
        }
    } finally {
        await pack.close();
    }
    return results;
}
