// The small API for testing Pulumi programs and single resources against this pack: each call
// launches the pack as the CLI does (or reuses one the caller launched), sends the stack context
// and the policy config the way `pulumi preview --policy-pack <dir> --policy-pack-config <file>`
// does, and returns what the CLI would show.
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { isRecord } from "../policies/wireValues";
import { captureProgram } from "../engine/capture";
import type { SourceLocation } from "../policies/finding";
import type { PolicyConfigFile } from "../engine/config";
import { PackProcess, type AnalyzeResult, type LaunchMode, type StackContext } from "../engine/pack";
import { renderPolicySection, replayProgram, type ReplayedDiagnostic, type ReplayResult } from "../engine/replay";
import { analyzeStateWith, type StackExportSource, type StateAnalysis } from "../engine/state";
import type { WireResource } from "../engine/wire";

const PACKAGE_NAME = "obs-sse-policy-pack";

/** Policy config: the content of a `--policy-pack-config` file, or the path of one. */
export type PolicyConfig = PolicyConfigFile | string;

export interface PackOptions {
    /** A pack already launched with launchPack, reused and left running; otherwise one is launched and closed. */
    pack?: PackProcess;
    /** The pack's directory when launching one; defaults to this package (the obs-sse pack). */
    packDir?: string;
    /** Milliseconds to wait for the pack to start and for each call. */
    timeoutMs?: number;
    /** Policy config, as for `--policy-pack-config`; defaults to none (every policy at its default level). */
    policyConfig?: PolicyConfig;
}

export interface PreviewOptions extends PackOptions {
    /**
     * The stack whose Pulumi.<stack>.yaml is read (if it exists). Without it: the program's only
     * stack file, or no stack config (stack "dev") if it has none; several stack files are an
     * error (StackSelectionError) until one is named.
     */
    stack?: string;
}

export interface PreviewResult extends ReplayResult {
    readonly project: string;
    readonly stack: string;
    /** The stack config file read ("Pulumi.prod.yaml"), or undefined if none was. */
    readonly stackConfigFile: string | undefined;
    /** How many resources the program registered (default providers included). */
    readonly resourceCount: number;
    /** The diagnostics at the mandatory level: a preview fails when there is any. */
    readonly mandatory: ReplayedDiagnostic[];
    /** The policy section of the preview's output, as the CLI prints it. */
    readonly output: string;
    /** Where the program constructs each resource, by URN (file relative to the program directory). */
    readonly locations: Readonly<Record<string, SourceLocation>>;
}

export interface AnalyzeOptions extends PackOptions {
    /** The stack context sent before the resources; defaults to stack "dev" of project "obs-app", preview. */
    stackContext?: StackContext;
}

/** The directory of this package (the obs-sse pack), from sources or from the compiled bin/. */
export function packageRoot(): string {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        const manifest = path.join(dir, "package.json");
        if (existsSync(manifest)) {
            const parsed: unknown = JSON.parse(readFileSync(manifest, "utf8"));
            if (isRecord(parsed) && parsed["name"] === PACKAGE_NAME) return dir;
        }
        if (path.dirname(dir) === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package above ${__dirname}`);
    }
}

/**
 * Launches the pack (this one unless `packDir` says otherwise) as the Pulumi CLI does: for a
 * deployment (`pulumi preview`), or with `mode: "analyze"` as `pulumi policy analyze` does.
 */
export function launchPack(options: Pick<PackOptions, "packDir" | "timeoutMs"> & { mode?: LaunchMode } = {}): Promise<PackProcess> {
    return PackProcess.launch(options.packDir ?? packageRoot(), { timeoutMs: options.timeoutMs, mode: options.mode });
}

/** Reads policy config given as an object or as the path of a JSON file. */
export function readPolicyConfig(config: PolicyConfig | undefined): PolicyConfigFile {
    if (config === undefined) return {};
    if (typeof config !== "string") return config;
    let parsed: unknown;
    try {
        parsed = JSON.parse(readFileSync(config, "utf8"));
    } catch (e) {
        throw new Error(
            `policy config ${config}: ${e instanceof SyntaxError ? "not valid JSON" : e instanceof Error ? e.message : String(e)}`,
            { cause: e },
        );
    }
    if (!isRecord(parsed)) throw new Error(`policy config ${config}: expected a JSON object of policy names`);
    return parsed as PolicyConfigFile;
}

async function withPack<T>(options: PackOptions, run: (pack: PackProcess) => Promise<T>, mode: LaunchMode = "deployment"): Promise<T> {
    if (options.pack) return run(options.pack);
    const pack = await launchPack({ ...options, mode });
    try {
        return await run(pack);
    } finally {
        await pack.close();
    }
}

/**
 * Runs the Pulumi TypeScript program in `programDir` with its stack config under Pulumi's mocks
 * and sends its resources to the pack as `pulumi preview --policy-pack` does (Remediate and
 * Analyze per resource, then AnalyzeStack), returning the diagnostics the preview would show.
 */
export async function previewProgram(programDir: string, options: PreviewOptions = {}): Promise<PreviewResult> {
    const policyConfig = readPolicyConfig(options.policyConfig);
    const program = await captureProgram(programDir, { stack: options.stack, preview: true });
    return withPack(options, async (pack) => {
        await pack.configureStack({ stack: program.stack, project: program.project, dryRun: true, config: program.config });
        await pack.configure(policyConfig);
        const info = await pack.getAnalyzerInfo();
        const result = await replayProgram(pack, program);
        return {
            ...result,
            project: program.project,
            stack: program.stack,
            stackConfigFile: program.stackConfigFile,
            resourceCount: program.resources.length,
            locations: program.locations ?? {},
            mandatory: result.diagnostics.filter((d) => d.enforcementLevel === "mandatory"),
            output: renderPolicySection(
                `${info.name}@v${info.version} (local: ${path.relative(process.cwd(), pack.dir) || "."})`,
                result.diagnostics,
            ),
        };
    });
}

/** Sends each resource (as the engine shapes it, see ./resources) to Analyze; one result per resource, in order. */
export async function analyzeResources(resources: readonly WireResource[], options: AnalyzeOptions = {}): Promise<AnalyzeResult[]> {
    const policyConfig = readPolicyConfig(options.policyConfig);
    return withPack(options, async (pack) => {
        await pack.configureStack(options.stackContext ?? { stack: "dev", project: "obs-app", dryRun: true });
        await pack.configure(policyConfig);
        const results: AnalyzeResult[] = [];
        for (const r of resources) results.push(await pack.analyze(r));
        return results;
    });
}

export interface AnalyzeStateResult extends StateAnalysis {
    /** The diagnostics at the mandatory level: `pulumi policy analyze` exits non-zero when there is any. */
    readonly mandatory: ReplayedDiagnostic[];
    /** The policy section as the CLI prints it. */
    readonly output: string;
}

/**
 * Sends a stack's state (the path of a `pulumi stack export` file, or the parsed export) to the pack
 * as `pulumi policy analyze --file` does: the pack launched with no stack options, policy config
 * through Configure, then per resource Remediate (reported, never applied) and Analyze on its state
 * inputs with its provider's state inputs, and AnalyzeStack on every resource's outputs. No
 * ConfigureStack. A `pack` passed in must have been launched with `launchPack({ mode: "analyze" })`.
 */
export async function analyzeState(exportFileOrObject: StackExportSource, options: PackOptions = {}): Promise<AnalyzeStateResult> {
    const policyConfig = readPolicyConfig(options.policyConfig);
    return withPack(
        options,
        async (pack) => {
            const result = await analyzeStateWith(pack, exportFileOrObject, policyConfig);
            const info = await pack.getAnalyzerInfo();
            return {
                ...result,
                mandatory: result.diagnostics.filter((d) => d.enforcementLevel === "mandatory"),
                output: renderPolicySection(
                    `${info.name}@v${info.version} (local: ${path.relative(process.cwd(), pack.dir) || "."})`,
                    result.diagnostics,
                ),
            };
        },
        "analyze",
    );
}
