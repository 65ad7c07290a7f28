// An engine-faithful driver for a policy pack: it launches the pack the way the Pulumi CLI's
// Node.js language host does (`@pulumi/pulumi/cmd/run-policy-pack <engine> <pack dir>`), reads the
// port from stdout, and speaks the analyzer gRPC protocol with the protos shipped in
// `@pulumi/pulumi`. Policy config is reconciled and validated as the engine does before Configure.
import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import * as engineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import type * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { LEVEL_NAMES, toAnalyzeRequest, toAnalyzeStackRequest } from "./requests";
import { reconcilePolicyConfig, type PolicyConfigFile, type PolicyConfigInput, type ReconciledConfig } from "./config";
import type { WireProps, WireResource, WireValue } from "./wire";

import type { AnalyzerInfo, EnforcementLevel, PolicyInfo, Severity } from "./types";

export type { AnalyzerInfo, EnforcementLevel, PolicyInfo, Severity };

const LEVEL_VALUES: Record<EnforcementLevel, analyzerPb.EnforcementLevel> = {
    advisory: analyzerPb.EnforcementLevel.ADVISORY,
    mandatory: analyzerPb.EnforcementLevel.MANDATORY,
    disabled: analyzerPb.EnforcementLevel.DISABLED,
    remediate: analyzerPb.EnforcementLevel.REMEDIATE,
};
const SEVERITY_NAMES: Record<number, Severity> = {
    [analyzerPb.PolicySeverity.POLICY_SEVERITY_UNSPECIFIED]: "",
    [analyzerPb.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
    [analyzerPb.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
    [analyzerPb.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
    [analyzerPb.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    urn: string;
}

export interface NotApplicable {
    policyName: string;
    reason: string;
}

export interface AnalyzeResult {
    diagnostics: Diagnostic[];
    notApplicable: NotApplicable[];
}

export interface Remediation {
    policyName: string;
    description: string;
    properties?: WireProps | undefined;
    diagnostic: string;
}

export interface RemediateResult {
    remediations: Remediation[];
    notApplicable: NotApplicable[];
}

export interface StackContext {
    stack: string;
    project: string;
    organization?: string;
    dryRun?: boolean;
    config?: Record<string, string>;
    configSecretKeys?: string[];
    tags?: Record<string, string>;
}

export interface LaunchOptions {
    /** Milliseconds to wait for the port and for each call before failing with the pack's stderr. */
    timeoutMs?: number | undefined;
    /** Extra environment for the pack process. */
    env?: NodeJS.ProcessEnv | undefined;
    /**
     * What the CLI launches the pack for. "deployment" (the default): `pulumi preview` or `up`, which
     * set PULUMI_DRY_RUN (and PULUMI_NODEJS_DRY_RUN) in the pack's environment. "analyze":
     * `pulumi policy analyze`, which sets none of the engine's PULUMI_* variables.
     */
    mode?: LaunchMode | undefined;
}

export type LaunchMode = "deployment" | "analyze";

/** The variables the CLI sets for a pack it launches for a deployment (analyzer_plugin.go constructEnv), and never for analyze. */
const ENGINE_VARIABLES = [
    "PULUMI_CONFIG",
    "PULUMI_ORGANIZATION",
    "PULUMI_PROJECT",
    "PULUMI_STACK",
    "PULUMI_DRY_RUN",
    "PULUMI_NODEJS_ORGANIZATION",
    "PULUMI_NODEJS_PROJECT",
    "PULUMI_NODEJS_STACK",
    "PULUMI_NODEJS_DRY_RUN",
];

/** The pack process's environment as the CLI gives it in `mode`. */
function packEnvironment(mode: LaunchMode, extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of ENGINE_VARIABLES) delete env[key];
    if (mode === "deployment") {
        env.PULUMI_DRY_RUN = "true";
        env.PULUMI_NODEJS_DRY_RUN = "true";
    }
    return { ...env, ...extra };
}

/** A log entry the pack sent to the (fake) engine. */
export interface EngineLog {
    severity: number;
    message: string;
    urn: string;
}

type Call<Req, Res> = (
    req: Req,
    md: grpc.Metadata,
    opts: Partial<grpc.CallOptions>,
    cb: (err: grpc.ServiceError | null, res: Res) => void,
) => unknown;

/** A running policy pack and a client connected to it. */
export class PackProcess {
    private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    private closing = false;
    /** What to run when the pack exits: one entry per call or wait still pending, removed when it settles. */
    private readonly exitWaiters = new Set<() => void>();

    private constructor(
        /** The pack's directory. */
        readonly dir: string,
        /** What the pack was launched for, as the CLI would launch it. */
        readonly mode: LaunchMode,
        readonly port: number,
        private readonly child: ChildProcess,
        private readonly client: analyzerGrpc.AnalyzerClient,
        private readonly engine: grpc.Server,
        private readonly stderrChunks: string[],
        readonly engineLogs: EngineLog[],
        private readonly timeoutMs: number,
    ) {
        child.on("exit", (code, signal) => {
            this.exited = { code, signal };
            const waiters = [...this.exitWaiters];
            this.exitWaiters.clear();
            for (const w of waiters) w();
        });
    }

    /** Launches the pack in `packDir` exactly as the CLI's Node.js language host does. */
    static async launch(packDir: string, options: LaunchOptions = {}): Promise<PackProcess> {
        const timeoutMs = options.timeoutMs ?? 30_000;
        const mode = options.mode ?? "deployment";
        const dir = path.resolve(packDir);
        const engineLogs: EngineLog[] = [];
        const { server: engine, address } = await startFakeEngine(engineLogs);
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir] });
        const child = spawn(process.execPath, [runner, address, "."], {
            cwd: dir,
            env: packEnvironment(mode, options.env),
            stdio: ["ignore", "pipe", "pipe"],
        });
        const stderrChunks: string[] = [];
        child.stderr!.setEncoding("utf8").on("data", (d: string) => stderrChunks.push(d));
        let port: number;
        try {
            port = await readPort(child, stderrChunks, timeoutMs);
        } catch (e) {
            child.kill("SIGKILL");
            engine.forceShutdown();
            throw e;
        }
        const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": 400 * 1024 * 1024,
            "grpc.max_send_message_length": 400 * 1024 * 1024,
        });
        return new PackProcess(dir, mode, port, child, client, engine, stderrChunks, engineLogs, timeoutMs);
    }

    /** The pack process's pid, e.g. to read its CPU time and memory from /proc. */
    get pid(): number | undefined {
        return this.child.pid;
    }

    /** How the pack process ended, once it has. */
    get exitStatus(): { code: number | null; signal: NodeJS.Signals | null } | undefined {
        return this.exited;
    }

    /** What the pack wrote to stderr so far. */
    get stderr(): string {
        return this.stderrChunks.join("");
    }

    async getAnalyzerInfo(): Promise<AnalyzerInfo> {
        const info = await this.call<Empty, analyzerPb.AnalyzerInfo>(this.client.getAnalyzerInfo.bind(this.client), new Empty());
        return {
            name: info.getName(),
            displayName: info.getDisplayname(),
            version: info.getVersion(),
            supportsConfig: info.getSupportsconfig(),
            description: info.getDescription(),
            policies: info.getPoliciesList().map(toPolicyInfo),
        };
    }

    async getPluginVersion(): Promise<string> {
        const res = await this.call<Empty, pluginPb.PluginInfo>(this.client.getPluginInfo.bind(this.client), new Empty());
        return res.getVersion();
    }

    async configureStack(ctx: StackContext): Promise<void> {
        const req = new analyzerPb.AnalyzerStackConfigureRequest();
        req.setStack(ctx.stack);
        req.setProject(ctx.project);
        req.setOrganization(ctx.organization ?? "organization");
        req.setDryRun(ctx.dryRun ?? true);
        req.setConfigSecretKeysList(ctx.configSecretKeys ?? []);
        for (const [k, v] of Object.entries(ctx.config ?? {})) req.getConfigMap().set(k, v);
        for (const [k, v] of Object.entries(ctx.tags ?? {})) req.getTagsMap().set(k, v);
        await this.call(this.client.configureStack.bind(this.client), req);
    }

    /**
     * Reconciles `config` (the content of a `--policy-pack-config` file) with the pack's policy
     * metadata as the engine does (schema defaults, "all", per-policy levels and properties),
     * validates it against each policy's configSchema, and sends the result with Configure.
     * Rejects with the engine's kind of message when the config is invalid.
     */
    async configure(config: PolicyConfigFile = {}): Promise<ReconciledConfig> {
        const info = await this.getAnalyzerInfo();
        const reconciled = reconcilePolicyConfig(info, config);
        const req = new analyzerPb.ConfigureAnalyzerRequest();
        for (const [name, c] of Object.entries(reconciled)) {
            const pc = new analyzerPb.PolicyConfig();
            pc.setEnforcementlevel(LEVEL_VALUES[c.enforcementLevel]);
            pc.setProperties(Struct.fromJavaScript(c.properties as Record<string, WireValue> as never));
            req.getPolicyconfigMap().set(name, pc);
        }
        await this.call(this.client.configure.bind(this.client), req);
        return reconciled;
    }

    /** Analyze: one resource's inputs, before it is created or updated. */
    async analyze(resource: WireResource): Promise<AnalyzeResult> {
        const res = await this.call<analyzerPb.AnalyzeRequest, analyzerPb.AnalyzeResponse>(
            this.client.analyze.bind(this.client),
            toAnalyzeRequest(resource),
        );
        return toAnalyzeResult(res);
    }

    /** AnalyzeStack: every resource's outputs, after the preview or update. */
    async analyzeStack(resources: readonly WireResource[]): Promise<AnalyzeResult> {
        const res = await this.call<analyzerPb.AnalyzeStackRequest, analyzerPb.AnalyzeResponse>(
            this.client.analyzeStack.bind(this.client),
            toAnalyzeStackRequest(resources),
        );
        return toAnalyzeResult(res);
    }

    /** Remediate: the engine calls it before Analyze for policies at the remediate level. */
    async remediate(resource: WireResource): Promise<RemediateResult> {
        const res = await this.call<analyzerPb.AnalyzeRequest, analyzerPb.RemediateResponse>(
            this.client.remediate.bind(this.client),
            toAnalyzeRequest(resource),
        );
        return {
            remediations: res.getRemediationsList().map((r) => ({
                policyName: r.getPolicyname(),
                description: r.getDescription(),
                properties: r.getProperties()?.toJavaScript() as WireProps | undefined,
                diagnostic: r.getDiagnostic(),
            })),
            notApplicable: notApplicableOf(res.getNotApplicableList()),
        };
    }

    /** Stops the pack as the engine does at the end of a run, waiting (bounded) for it to exit. */
    async close(): Promise<void> {
        this.closing = true;
        this.client.close();
        this.engine.forceShutdown();
        if (!this.exited) {
            this.child.kill("SIGTERM");
            const stopped = await this.waitForExit(5_000);
            if (!stopped) {
                this.child.kill("SIGKILL");
                await this.waitForExit(5_000);
            }
        }
    }

    private waitForExit(ms: number): Promise<boolean> {
        if (this.exited) return Promise.resolve(true);
        return new Promise((resolve) => {
            const onExit = () => {
                clearTimeout(timer);
                resolve(true);
            };
            const timer = setTimeout(() => {
                this.exitWaiters.delete(onExit);
                resolve(false);
            }, ms);
            this.exitWaiters.add(onExit);
        });
    }

    /** Runs one RPC with a deadline; a crashed or hung pack fails with its stderr. */
    private call<Req, Res>(method: Call<Req, Res>, req: Req): Promise<Res> {
        return new Promise<Res>((resolve, reject) => {
            let settled = false;
            const fail = (why: string) => {
                if (settled) return;
                settled = true;
                clearTimeout(timer);
                this.exitWaiters.delete(onExit);
                reject(new Error(`${why}\n--- policy pack stderr ---\n${this.stderr}`));
            };
            const timer = setTimeout(() => fail(`policy pack did not answer within ${this.timeoutMs} ms`), this.timeoutMs);
            const onExit = () => {
                if (!this.closing) fail(`policy pack exited (code ${this.exited?.code}, signal ${this.exited?.signal})`);
            };
            if (this.exited) return onExit();
            // Removed once the call settles: a waiter left behind would hold the call's promise, and
            // with it the response, for as long as the pack runs.
            this.exitWaiters.add(onExit);
            const deadline = new Date(Date.now() + this.timeoutMs);
            method(req, new grpc.Metadata(), { deadline }, (err, res) => {
                if (settled) return;
                // A failed call often means the pack is dying: give it a moment so its stderr is complete.
                if (err) return void this.waitForExit(1_000).then(() => fail(`policy pack RPC failed: ${err.details || err.message}`));
                settled = true;
                clearTimeout(timer);
                this.exitWaiters.delete(onExit);
                resolve(res);
            });
        });
    }
}

function readPort(child: ChildProcess, stderr: string[], timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => done(new Error(`policy pack printed no port within ${timeoutMs} ms`)), timeoutMs);
        const done = (err: Error | undefined, port?: number) => {
            clearTimeout(timer);
            child.stdout!.off("data", onData);
            child.off("exit", onExit);
            if (err)
                reject(new Error(`${err.message}\n--- policy pack stdout ---\n${out}\n--- policy pack stderr ---\n${stderr.join("")}`));
            else resolve(port!);
        };
        const onData = (d: Buffer) => {
            out += d.toString("utf8");
            const m = /^(\d+)\s*$/m.exec(out);
            if (m) done(undefined, Number(m[1]));
        };
        const onExit = (code: number | null) => done(new Error(`policy pack exited with code ${code} before printing its port`));
        child.stdout!.on("data", onData);
        child.on("exit", onExit);
    });
}

/** A stand-in for the engine's gRPC endpoint, so logging from the pack has somewhere to go. */
function startFakeEngine(logs: EngineLog[]): Promise<{ server: grpc.Server; address: string }> {
    const server = new grpc.Server();
    server.addService(engineGrpc.EngineService, {
        log: (call: grpc.ServerUnaryCall<enginePb.LogRequest, Empty>, cb: grpc.sendUnaryData<Empty>) => {
            logs.push({ severity: call.request.getSeverity(), message: call.request.getMessage(), urn: call.request.getUrn() });
            cb(null, new Empty());
        },
    } as unknown as grpc.UntypedServiceImplementation);
    return new Promise((resolve, reject) => {
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
            if (err) reject(err);
            else resolve({ server, address: `127.0.0.1:${port}` });
        });
    });
}

/** The name of an enforcement level the pack sent; a number this protocol version does not define is an error, never a guess. */
function levelName(level: number, what: string): EnforcementLevel {
    const name = LEVEL_NAMES[level];
    if (name === undefined)
        throw new Error(`the policy pack sent enforcement level ${level} for ${what}, which this protocol version does not define`);
    return name;
}

function toPolicyInfo(p: analyzerPb.PolicyInfo): PolicyInfo {
    const schema = p.getConfigschema();
    return {
        name: p.getName(),
        displayName: p.getDisplayname(),
        description: p.getDescription(),
        enforcementLevel: levelName(p.getEnforcementlevel(), "a policy"),
        severity: SEVERITY_NAMES[p.getSeverity()] ?? "",
        tags: p.getTagsList(),
        remediationSteps: p.getRemediationSteps(),
        url: p.getUrl(),
        policyType:
            p.getPolicyType() === analyzerPb.PolicyType.POLICY_TYPE_RESOURCE
                ? "resource"
                : p.getPolicyType() === analyzerPb.PolicyType.POLICY_TYPE_STACK
                  ? "stack"
                  : "unknown",
        ...(schema && { configSchema: { properties: schema.getProperties()?.toJavaScript() ?? {}, required: schema.getRequiredList() } }),
    };
}

function notApplicableOf(list: analyzerPb.PolicyNotApplicable[]): NotApplicable[] {
    return list.map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() }));
}

function toAnalyzeResult(res: analyzerPb.AnalyzeResponse): AnalyzeResult {
    return {
        diagnostics: res.getDiagnosticsList().map((d) => ({
            policyName: d.getPolicyname(),
            policyPackName: d.getPolicypackname(),
            policyPackVersion: d.getPolicypackversion(),
            description: d.getDescription(),
            message: d.getMessage(),
            enforcementLevel: levelName(d.getEnforcementlevel(), "a diagnostic"),
            severity: SEVERITY_NAMES[d.getSeverity()] ?? "",
            urn: d.getUrn(),
        })),
        notApplicable: notApplicableOf(res.getNotApplicableList()),
    };
}

export type { PolicyConfigFile, PolicyConfigInput, ReconciledConfig };
