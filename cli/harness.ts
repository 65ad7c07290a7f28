// Checking Pulumi program directories the way `pulumi preview --policy-pack` would: the program
// captured under Pulumi's mocks by the engine layer (engine/capture.ts, which the testing API uses
// too), and the requests a preview sends the pack run in-process through the pack's checks
// (./pulumi/program.ts; test/e2e/programParity.test.ts holds them to the pack process). This module
// turns what cannot be captured into the command's input errors, and the check into results.
import * as path from "node:path";
import type { StackSelection } from "../engine/capture";
import type { PolicyConfigFile } from "../engine/config";
import type { ReplayedDiagnostic } from "../engine/replay";
import type { Severity } from "../engine/types";
import type { SourceLocation } from "../policies/finding";
import type { CheckedFinding } from "../policies/policy";
import { InputError } from "./inputError";
import { PACK_NAME, PACK_VERSION, ROOT } from "./version";
import { loadModule } from "./load";
import type * as EngineCaptureModule from "../engine/capture";
import type * as EngineConfigModule from "../engine/config";
import type * as ConfigModule from "./config";
import type * as PoliciesRegistryModule from "../policies/registry";
import type * as PulumiProgramModule from "./pulumi/program";

/** A diagnostic of a previewed program, at one of the two levels the analyzer server reports. */
export type ProgramDiagnostic = Readonly<
    Pick<ReplayedDiagnostic, "policyName" | "severity" | "message" | "urn" | "resourceType" | "resourceName">
> & {
    readonly enforcementLevel: "advisory" | "mandatory";
    /** The finding as a record (calls, fix, cause, exemption), where the program was checked in-process. */
    readonly finding?: CheckedFinding;
};

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

const SEVERITIES: readonly Severity[] = ["", "low", "medium", "high", "critical"];

/** A record's severity as the protocol has it (the pack's policies have only these). */
function severityOf(severity: string): Severity {
    const known = SEVERITIES.find((s) => s === severity);
    if (known === undefined) throw new Error(`a finding has a severity the protocol does not have (${severity.length} characters)`);
    return known;
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
    const capture = await loadModule<typeof EngineCaptureModule>("../engine/capture.js");
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

/**
 * Checks Pulumi program directories: each captured under mocks (the one child process per program),
 * then checked in-process as the pack checks a preview (./pulumi/program.ts), so that every finding
 * is a record with its calls, fix and cause.
 */
export async function checkPulumiPrograms(
    dirs: readonly string[],
    config: PolicyConfigFile,
    options: CheckProgramsOptions = {},
): Promise<ProgramResult[]> {
    // Loaded on demand: the capture worker and the policies are not needed for plans.
    const { captureProgram, readProgram } = await loadModule<typeof EngineCaptureModule>("../engine/capture.js");
    const { reconcilePolicyConfig } = await loadModule<typeof EngineConfigModule>("../engine/config.js");
    const { analyzerInfo } = await loadModule<typeof ConfigModule>("./config.js");
    const { policies } = await loadModule<typeof PoliciesRegistryModule>("../policies/registry.js");
    const { checkCapturedProgram } = await loadModule<typeof PulumiProgramModule>("./pulumi/program.js");
    // Every program is read (Pulumi.yaml, stack choice, @pulumi/pulumi installed) before any
    // program runs, so that bad input fails fast.
    const selections: StackSelection[] = [];
    for (const dir of dirs) {
        try {
            selections.push(readProgram(dir, options.stack, { requireStackFile: options.stack !== undefined }).selection);
        } catch (e) {
            throw await programError(dir, e);
        }
    }
    // The levels and options the pack would be configured with (the engine's reconciliation).
    const reconciled = reconcilePolicyConfig(analyzerInfo(), config);
    const results: ProgramResult[] = [];
    for (const [i, dir] of dirs.entries()) {
        const selection = selections[i]!;
        let program;
        try {
            program = await captureProgram(dir, { stack: selection.stack, preview: true });
        } catch (e) {
            throw await programError(dir, e);
        }
        const result = checkCapturedProgram(program, policies, reconciled);
        results.push({
            dir,
            stack: program.stack,
            stackConfigFile: program.stackConfigFile,
            stackLabel:
                program.stackConfigFile !== undefined ? `stack ${program.stack}` : `stack ${program.stack}: no stack config was read`,
            resourceCount: program.resources.length,
            packLabel: `${PACK_NAME}@v${PACK_VERSION} (in-process)`,
            remediated: result.remediated,
            locations: new Map(Object.entries(program.locations ?? {})),
            analyzed: result.analyzed,
            diagnostics: result.records.map((r) => ({
                policyName: r.policy,
                enforcementLevel: r.level,
                severity: severityOf(r.severity),
                message: r.message,
                urn: r.subject,
                resourceType: r.resourceType,
                resourceName: r.resourceName,
                finding: r.finding,
            })),
        });
    }
    return results;
}
