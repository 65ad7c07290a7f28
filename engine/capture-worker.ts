// The child side of captureProgram (engine/capture.ts). Started by the bootstrap there,
// with PULUMI_CONFIG etc. already in the environment; runs one Pulumi program under
// @pulumi/pulumi's mocks and sends back, over the IPC channel, every resource the program
// registered as the engine would pass it to a policy pack's Analyze RPC.
//
// What it reproduces, and where that comes from:
//   - @pulumi/pulumi's MockMonitor deserializes RegisterResource inputs (secrets unwrapped,
//     unknowns turned into undefined), so its registerResource is replaced: the raw request Struct
//     (`req.getObject().toJavaScript()`) is what the SDK serialized and what the engine unmarshals.
//   - URNs: pulumi/pulumi sdk/go/common/resource/urn.go NewURN (the parent's qualified type
//     prefixes the child's type, except for the root stack). MockMonitor gets this wrong (it uses
//     the parent's last type segment and qualifies with pulumi:pulumi:Stack), so it is redone.
//   - Provider resources: the engine adds the requested `version` (and pluginDownloadURL) to
//     their inputs (pkg/resource/deploy/source_eval.go, providers.SetProviderVersion).
//   - Default providers: pkg/resource/deploy/default_providers.go newRegisterDefaultProviderEvent:
//     type pulumi:providers:<pkg>, name ProviderRequest.DefaultName() ("default_7_48_0"), no
//     parent, inputs = Target.GetPackageConfig(pkg) (every config key of the package's namespace,
//     name without the namespace, value the config string, secret if the key is secure) plus
//     `version`. It is registered (and analyzed) right before the first resource that needs it.
//   - Properties as Analyze receives them: sdk/go/common/resource/plugin/analyzer_plugin.go
//     marshals with KeepUnknowns, KeepSecrets, SkipInternalKeys and without KeepResources, so
//     resource references become their ID (unknown while the ID is) or, for components, URN;
//     `__`-prefixed keys are dropped; secrets stay wrapped; unknown sentinels stay as strings.
//     Assets get the hash the engine computes on unmarshal (ComputeAssetHashes) for text and
//     file assets.
//   - propertyDependencies: as AnalyzeStack sends them, without properties that have none.
// Not reproduced: the resource provider's Check/CheckConfig (the engine analyzes checked inputs,
// so provider-applied defaults such as autonamed `bucket` names are absent here), read
// resources (`Resource.get`, not analyzed), and hashes of archives and remote assets.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type * as PulumiModule from "@pulumi/pulumi";
import type * as ResourcePbModule from "@pulumi/pulumi/proto/resource_pb";
import type * as MocksModule from "@pulumi/pulumi/runtime/mocks";
import type * as StructPbModule from "google-protobuf/google/protobuf/struct_pb";
import type { SourceLocation } from "../policies/finding";
import { isRecord, packageOf, PROVIDER_TYPE_PREFIX } from "../policies/wireValues";
import { CAPTURE_JOB_ENV, type CaptureJob, type CaptureReply, type CapturedProgram } from "./capture";
import { ASSET_SIG, SECRET_SIG, SIG_KEY, UNKNOWN, type WireProps, type WireProvider, type WireResource, type WireValue } from "./wire";

/** Signature of a resource reference (sdk/nodejs/runtime/rpc.ts specialResourceSig). */
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
/** Signature of an output value (sdk/nodejs/runtime/rpc.ts specialOutputValueSig). */
const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

type WireObject = { [key: string]: WireValue };

function isStringArray(value: unknown): value is string[] {
    return Array.isArray(value) && value.every((v) => typeof v === "string");
}

function isStringRecord(value: unknown): value is Record<string, string> {
    return isRecord(value) && Object.values(value).every((v) => typeof v === "string");
}

function parseJob(text: string | undefined): CaptureJob {
    if (text === undefined) throw new Error(`${CAPTURE_JOB_ENV} is not set`);
    const job: unknown = JSON.parse(text);
    if (!isRecord(job)) throw new Error(`${CAPTURE_JOB_ENV} is not an object`);
    const { programDir, entry, project, stack, preview, config, secretKeys, typescript, worker } = job;
    if (
        typeof programDir !== "string" ||
        typeof entry !== "string" ||
        typeof project !== "string" ||
        typeof stack !== "string" ||
        typeof preview !== "boolean" ||
        !isStringRecord(config) ||
        !isStringArray(secretKeys) ||
        typeof typescript !== "string" ||
        typeof worker !== "string"
    ) {
        throw new Error(`${CAPTURE_JOB_ENV} is malformed`);
    }
    return { programDir, entry, project, stack, preview, config, secretKeys, typescript, worker };
}

// ---------------------------------------------------------------------------------------------
// Struct values -> wire values -> the engine's view for Analyze

/** Narrows what google.protobuf.Struct#toJavaScript produced. */
export function toWireValue(value: unknown, where: string): WireValue {
    if (value === null || typeof value === "string" || typeof value === "boolean") return value;
    if (typeof value === "number") return value;
    if (Array.isArray(value)) return value.map((v: unknown, i) => toWireValue(v, `${where}[${i}]`));
    if (isRecord(value)) {
        const out: WireObject = {};
        for (const [k, v] of Object.entries(value)) out[k] = toWireValue(v, `${where}.${k}`);
        return out;
    }
    throw new Error(`unexpected ${typeof value} in the serialized inputs at ${where}`);
}

function sha256(data: string | Buffer): string {
    return createHash("sha256").update(data).digest("hex");
}

/** Object keys in the engine's order (PropertyMap.StableKeys sorts them). */
function sortedKeys(obj: WireObject): string[] {
    return Object.keys(obj).sort();
}

function isInternalKey(key: string): boolean {
    return key.startsWith("__");
}

/** One value as plugin.MarshalPropertyValue emits it for Analyze. */
export function analyzerValue(value: WireValue, programDir: string): WireValue {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((v) => analyzerValue(v, programDir));
    const sig = value[SIG_KEY];
    if (sig === SECRET_SIG) {
        return { [SIG_KEY]: SECRET_SIG, value: analyzerValue(value["value"] ?? null, programDir) };
    }
    if (sig === RESOURCE_SIG) {
        // Without KeepResources: the ID for custom resources (unknown if it is), else the URN.
        const id = value["id"];
        if (id !== undefined) return typeof id === "string" && id !== "" ? id : UNKNOWN.string;
        const urn = value["urn"];
        if (typeof urn !== "string") throw new Error("resource reference without a URN");
        return urn;
    }
    if (sig === OUTPUT_VALUE_SIG) {
        // Not sent for custom resources by this SDK; downgraded like the engine does if it is.
        const known = "value" in value;
        const inner: WireValue = known ? analyzerValue(value["value"] ?? null, programDir) : UNKNOWN.string;
        return value["secret"] === true ? { [SIG_KEY]: SECRET_SIG, value: inner } : inner;
    }
    if (sig === ASSET_SIG) {
        const asset = analyzerObject(value, programDir);
        if (typeof asset["hash"] !== "string" || asset["hash"] === "") {
            const text = asset["text"];
            const file = asset["path"];
            if (typeof text === "string") {
                asset["hash"] = sha256(text);
            } else if (typeof file === "string") {
                const resolved = path.resolve(programDir, file);
                if (existsSync(resolved)) asset["hash"] = sha256(readFileSync(resolved));
            }
        }
        return sortObject(asset);
    }
    return analyzerObject(value, programDir);
}

function analyzerObject(obj: WireObject, programDir: string): WireObject {
    const out: WireObject = {};
    for (const key of sortedKeys(obj)) {
        if (isInternalKey(key)) continue;
        const v = obj[key];
        if (v !== undefined) out[key] = analyzerValue(v, programDir);
    }
    return out;
}

function sortObject<T>(obj: { [key: string]: T }): { [key: string]: T } {
    const out: { [key: string]: T } = {};
    for (const key of Object.keys(obj).sort()) {
        const v = obj[key];
        if (v !== undefined) out[key] = v;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Engine naming rules

/** resource.NewURN: the parent's qualified type prefixes the type, unless the parent is the root stack. */
export function newUrn(stack: string, project: string, parent: string, type: string, name: string): string {
    let qualified = type;
    if (parent !== "") {
        const parentType = parent.split("::")[2];
        if (parentType === undefined) throw new Error(`malformed parent URN ${parent}`);
        if (parentType !== ROOT_STACK_TYPE) qualified = `${parentType}$${type}`;
    }
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** providers.ProviderRequest.DefaultName: "default", then the version's parts, then the download URL. */
export function defaultProviderName(version: string, pluginDownloadURL: string): string {
    let name = "default";
    if (version !== "") {
        const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/.exec(version);
        if (!m) throw new Error(`invalid provider version ${version}`);
        name += `_${Number(m[1])}_${Number(m[2])}_${Number(m[3])}`;
        for (const part of [...(m[4]?.split(".") ?? []), ...(m[5]?.split(".") ?? [])]) name += `_${part}`;
    }
    if (pluginDownloadURL !== "") name += `_${pluginDownloadURL.replace(/[^A-Za-z0-9_.-]/g, "_")}`;
    return name;
}

/** Splits a config key into namespace and name (config.ParseKey, legacy "pkg:config:name" included). */
function splitConfigKey(key: string): { namespace: string; name: string } {
    const i = key.indexOf(":");
    if (i <= 0) return { namespace: "", name: key };
    let name = key.slice(i + 1);
    if (name.startsWith("config:")) name = name.slice("config:".length);
    return { namespace: key.slice(0, i), name };
}

// ---------------------------------------------------------------------------------------------
// The recording monitor

type RegisterResourceRequest = ResourcePbModule.RegisterResourceRequest;
type RegisterResourceResponse = ResourcePbModule.RegisterResourceResponse;

/** A source position as the SDK sends it (sdk/proto/source.proto): a file URI, 1-based line and column. */
interface WirePosition {
    readonly uri: string;
    readonly line: number;
    readonly column: number;
}

type PositionPb = { getUri(): string; getLine(): number; getColumn(): number };
/** What a RegisterResourceRequest carries about where it was made, in SDKs that send it (3.100 and later). */
type PositionedRequest = {
    getSourceposition?: () => PositionPb | undefined;
    getStacktrace?: () => { getFramesList(): Array<{ getPc(): PositionPb | undefined }> } | undefined;
};

/** The request's source position (the SDK's guess at the user's frame), then every frame of its stack trace. */
function positionsOf(req: RegisterResourceRequest): WirePosition[] {
    const positioned = req as unknown as PositionedRequest;
    const read = (p: PositionPb | undefined): WirePosition[] =>
        p === undefined ? [] : [{ uri: p.getUri(), line: p.getLine(), column: p.getColumn() }];
    const first = typeof positioned.getSourceposition === "function" ? read(positioned.getSourceposition()) : [];
    const frames = typeof positioned.getStacktrace === "function" ? (positioned.getStacktrace()?.getFramesList() ?? []) : [];
    return [...first, ...frames.flatMap((f) => read(f.getPc()))];
}

/**
 * Where in the program's own files (not its node_modules, nor this capture code) a resource is
 * constructed: the first of `positions` inside the program directory, its file relative to it.
 * The SDK reads positions from `new Error().stack`, which --enable-source-maps and the hook's
 * inline source maps map back to the TypeScript source.
 */
export function programPosition(positions: readonly WirePosition[], programDir: string): SourceLocation | undefined {
    for (const p of positions) {
        let file: string;
        try {
            file = p.uri.startsWith("file:") ? fileURLToPath(p.uri) : p.uri;
        } catch {
            continue;
        }
        if (!path.isAbsolute(file) || !Number.isInteger(p.line) || !Number.isInteger(p.column) || p.line < 1 || p.column < 1) continue;
        const relative = path.relative(programDir, file);
        if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) continue;
        // Frames of the require hook (node -e: "[eval]") name no file.
        if (relative.split(path.sep).includes("node_modules") || !existsSync(file)) continue;
        return { file: relative.split(path.sep).join("/"), line: p.line, column: p.column };
    }
    return undefined;
}

class Recorder {
    readonly resources: WireResource[] = [];
    /** Where the program constructs each resource, by URN, where a frame of the program shows it. */
    readonly locations: Record<string, SourceLocation> = {};
    /** Provider resources by URN. */
    private readonly providers = new Map<string, WireProvider>();
    /** Default providers by ProviderRequest.String(). */
    private readonly defaultProviders = new Map<string, WireProvider>();

    constructor(
        private readonly job: CaptureJob,
        private readonly resourcePb: typeof ResourcePbModule,
        private readonly structPb: typeof StructPbModule,
    ) {}

    register(req: RegisterResourceRequest): RegisterResourceResponse {
        const type = req.getType();
        const name = req.getName();
        const parent = req.getParent();
        const custom = req.getCustom();
        const urn = newUrn(this.job.stack, this.job.project, parent, type, name);
        const raw = toWireValue(req.getObject()?.toJavaScript() ?? {}, `${urn} inputs`);
        if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new Error(`${urn}: inputs are not an object`);
        const properties: WireProps = analyzerObject(raw, this.job.programDir);

        const isProvider = type.startsWith(PROVIDER_TYPE_PREFIX);
        if (isProvider) {
            if (req.getVersion() !== "") properties["version"] = req.getVersion();
            if (req.getPlugindownloadurl() !== "") properties["pluginDownloadURL"] = req.getPlugindownloadurl();
        }

        let provider: WireProvider | undefined;
        if (custom && !isProvider) {
            const ref = req.getProvider();
            provider =
                ref !== "" ? this.explicitProvider(ref, urn) : this.defaultProvider(type, req.getVersion(), req.getPlugindownloadurl());
        }

        const dependencies = [...new Set(req.getDependenciesList())];
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((deps, key) => {
            const urns = [...new Set(deps.getUrnsList())];
            if (urns.length > 0) propertyDependencies[key] = urns;
        });

        const resource: WireResource = {
            urn,
            type,
            name,
            properties: sortObject(properties),
            ...(provider !== undefined ? { provider } : {}),
            ...(parent !== "" ? { parent } : {}),
            dependencies,
            propertyDependencies: sortObject(propertyDependencies),
        };
        this.resources.push(resource);
        const location = programPosition(positionsOf(req), this.job.programDir);
        if (location !== undefined) this.locations[urn] = location;
        if (isProvider) {
            this.providers.set(urn, { urn, type, name, properties: resource.properties });
        }

        // The engine answers a create during preview with the (checked) inputs as outputs and no
        // ID, so outputs the program did not set stay unknown; during an update we invent an ID.
        const response = new this.resourcePb.RegisterResourceResponse();
        response.setUrn(urn);
        response.setId(this.job.preview || !custom ? "" : `${name}-id`);
        response.setObject(this.structPb.Struct.fromJavaScript(resource.properties));
        return response;
    }

    /** Resolves "<urn>::<id>" to the provider resource registered under that URN. */
    private explicitProvider(ref: string, forUrn: string): WireProvider {
        const i = ref.lastIndexOf("::");
        const providerUrn = i > 0 ? ref.slice(0, i) : ref;
        const provider = this.providers.get(providerUrn);
        if (provider === undefined) throw new Error(`${forUrn}: unknown provider reference ${ref}`);
        return provider;
    }

    /** The default provider for the package of `resourceType` and a version, registering it on first use. */
    private defaultProvider(resourceType: string, version: string, pluginDownloadURL: string): WireProvider {
        const pkg = packageOf(resourceType);
        if (pkg === "") throw new Error(`malformed type token ${resourceType}`);
        const key = `${pkg}${version !== "" ? `-${version}` : ""}${pluginDownloadURL !== "" ? `-${pluginDownloadURL}` : ""}`;
        const existing = this.defaultProviders.get(key);
        if (existing !== undefined) return existing;

        const inputs: WireProps = {};
        for (const [configKey, value] of Object.entries(this.job.config)) {
            const { namespace, name } = splitConfigKey(configKey);
            if (namespace !== pkg) continue;
            inputs[name] = this.job.secretKeys.includes(configKey) ? { [SIG_KEY]: SECRET_SIG, value } : value;
        }
        if (version !== "") inputs["version"] = version;
        if (pluginDownloadURL !== "") inputs["pluginDownloadURL"] = pluginDownloadURL;

        const type = `${PROVIDER_TYPE_PREFIX}${pkg}`;
        const name = defaultProviderName(version, pluginDownloadURL);
        const urn = newUrn(this.job.stack, this.job.project, "", type, name);
        const provider: WireProvider = { urn, type, name, properties: sortObject(inputs) };
        this.resources.push({ ...provider, dependencies: [], propertyDependencies: {} });
        this.providers.set(urn, provider);
        this.defaultProviders.set(key, provider);
        return provider;
    }
}

// ---------------------------------------------------------------------------------------------
// Running the program

async function capture(job: CaptureJob): Promise<CapturedProgram> {
    // Use the SDK the program itself resolves, so the mocks are installed in the same runtime.
    const programRequire = createRequire(path.join(job.programDir, "package.json"));
    const pulumi = programRequire("@pulumi/pulumi") as typeof PulumiModule;
    const mocks = programRequire("@pulumi/pulumi/runtime/mocks") as typeof MocksModule;
    const resourcePb = programRequire("@pulumi/pulumi/proto/resource_pb") as typeof ResourcePbModule;
    const sdkRequire = createRequire(programRequire.resolve("@pulumi/pulumi"));
    const structPb = sdkRequire("google-protobuf/google/protobuf/struct_pb") as typeof StructPbModule;

    await pulumi.runtime.setMocks(
        {
            // Only reached for reads (Resource.get) and invokes: registrations are recorded below.
            newResource: (args) => ({ id: `${args.name}-id`, state: {} }),
            call: () => ({}),
        },
        job.project,
        job.stack,
        job.preview,
    );

    const monitor: unknown = pulumi.runtime.getMonitor();
    if (!(monitor instanceof mocks.MockMonitor)) throw new Error("setMocks did not install a MockMonitor");
    const recorder = new Recorder(job, resourcePb, structPb);
    // The mock monitor's registerResource returns a promise; this one answers synchronously.
    /* eslint-disable @typescript-eslint/require-await */
    monitor.registerResource = async (
        req: RegisterResourceRequest,
        callback: (err: Error | null, response?: RegisterResourceResponse) => void,
    ): Promise<void> => {
        /* eslint-enable @typescript-eslint/require-await */
        let response: RegisterResourceResponse;
        try {
            response = recorder.register(req);
        } catch (err) {
            callback(err instanceof Error ? err : new Error(String(err)));
            return;
        }
        callback(null, response);
    };
    // The stack's outputs: nothing to record (Analyze sees inputs).
    monitor.registerResourceOutputs = (_req: unknown, callback: (err: Error | null, response?: object) => void): void => {
        callback(null, {});
    };

    // As the nodejs language host (cmd/run/run.ts): require the program inside the root stack;
    // an exported function is called and awaited.
    await pulumi.runtime.runInPulumiStack(async () => {
        const exported: unknown = programRequire(job.entry);
        if (typeof exported === "function") {
            const result: unknown = await (exported as () => unknown)();
            return result;
        }
        return exported;
    });
    await pulumi.runtime.disconnect();

    return { project: job.project, stack: job.stack, config: job.config, resources: recorder.resources, locations: recorder.locations };
}

function send(reply: CaptureReply): Promise<void> {
    return new Promise((resolve, reject) => {
        if (process.send === undefined) {
            reject(new Error("the capture worker must be started with an IPC channel"));
            return;
        }
        process.send(reply, undefined, {}, (err: Error | null) => (err ? reject(err) : resolve()));
    });
}

/** The class name of what was thrown: its constructor's name, else its type. */
function errorName(err: unknown): string {
    if (typeof err === "object" && err !== null) {
        const name: unknown = (err as { constructor?: { name?: unknown } }).constructor?.name;
        if (typeof name === "string" && /^[A-Za-z_$][\w$]{0,99}$/.test(name)) return name;
        return "object";
    }
    return typeof err;
}

/**
 * Where in the program's own files (not its node_modules) an error was thrown, as
 * "file:line" relative to the program directory: the first such frame of its stack (source-mapped
 * to the TypeScript source by --enable-source-maps and the hook's inline source maps).
 */
export function programLocation(stack: string, programDir: string): string | undefined {
    for (const line of stack.split("\n")) {
        const m = /^\s+at (?:.*? \()?(?:file:\/\/)?(.+?):(\d+):\d+\)?$/.exec(line);
        if (m === null) continue;
        const file = m[1]!;
        const relative = path.relative(programDir, file);
        if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) continue;
        // Frames of the require hook (node -e: "[eval]") name no file.
        if (relative.split(path.sep).includes("node_modules") || file === "[eval]") continue;
        return `${relative.split(path.sep).join("/")}:${m[2]}`;
    }
    return undefined;
}

function failure(err: unknown, programDir: string | undefined): CaptureReply {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    const reply: CaptureReply = { ok: false, error, errorName: errorName(err) };
    const location =
        err instanceof Error && err.stack !== undefined && programDir !== undefined ? programLocation(err.stack, programDir) : undefined;
    if (location !== undefined) reply.location = location;
    // Pulumi's ConfigMissingError names the key (a name, not a value).
    if (reply.errorName === "ConfigMissingError" && isRecord(err) && typeof err["key"] === "string") reply.configKey = err["key"];
    return reply;
}

let finished = false;
async function finish(reply: CaptureReply): Promise<void> {
    if (finished) return;
    finished = true;
    try {
        await send(reply);
    } finally {
        process.exit(reply.ok ? 0 : 1);
    }
}

/** Entry point, called by the bootstrap in capture.ts. */
export function runCaptureWorker(): void {
    // The program directory, once the job names it (a failure before that has none).
    const seen: { programDir?: string } = {};
    const fail = (err: unknown): void => void finish(failure(err, seen.programDir));
    process.on("uncaughtException", fail);
    process.on("unhandledRejection", fail);
    let job: CaptureJob;
    try {
        job = parseJob(process.env[CAPTURE_JOB_ENV]);
    } catch (err) {
        fail(err);
        return;
    }
    seen.programDir = job.programDir;
    capture(job).then((result) => finish({ ok: true, result }), fail);
}
