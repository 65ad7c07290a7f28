// obs-sse-policy-pack/testing: run Pulumi programs and single resources through the obs-sse pack
// the way the Pulumi CLI does, and get the diagnostics a preview would show.
export { analyzeResources, analyzeState, launchPack, packageRoot, previewProgram, readPolicyConfig } from "./preview";
export type { AnalyzeOptions, AnalyzeStateResult, PackOptions, PolicyConfig, PreviewOptions, PreviewResult } from "./preview";
export { StackExportError, readStackExport, stateRequests } from "../engine/stackExport";
export type { StackExport, StateRequests, StateResource } from "../engine/stackExport";
export type { StackExportSource, StateAnalysis } from "../engine/state";
export { PackProcess } from "../engine/pack";
export type {
    AnalyzeResult,
    AnalyzerInfo,
    Diagnostic,
    EnforcementLevel,
    LaunchMode,
    LaunchOptions,
    NotApplicable,
    PolicyInfo,
    RemediateResult,
    Remediation,
    Severity,
    StackContext,
} from "../engine/pack";
export { PolicyConfigError, reconcilePolicyConfig } from "../engine/config";
export type { PolicyConfigFile, PolicyConfigInput, ReconciledConfig, ReconcileOptions } from "../engine/config";
export { captureProgram, ProgramFailedError, ProgramInputError, StackSelectionError, UnsupportedRuntimeError } from "../engine/capture";
export type { CapturedProgram, CaptureOptions, ProgramFailure } from "../engine/capture";
export { renderPolicySection, replayProgram } from "../engine/replay";
export type { ReplayedDiagnostic, ReplayResult, ShownDiagnostic } from "../engine/replay";
export { ARCHIVE_SIG, ASSET_SIG, SECRET_SIG, SIG_KEY, UNKNOWN, secret } from "../engine/wire";
export type { WireProps, WireProvider, WireResource, WireValue } from "../engine/wire";
export { awsProvider, defaultAwsProvider, KMS_KEY, resource, SSE_C_KEY, T, urnOf } from "./resources";
export type { AwsProviderOptions } from "./resources";
