// obs-sse-policy-pack/testing: run Pulumi programs and single resources through the obs-sse pack
// the way the Pulumi CLI does, and get the diagnostics a preview would show.
export { analyzeResources, launchPack, packageRoot, previewProgram, readPolicyConfig } from "./preview";
export type { AnalyzeOptions, PackOptions, PolicyConfig, PreviewOptions, PreviewResult } from "./preview";
export { PackProcess } from "./pack";
export type {
    AnalyzeResult, AnalyzerInfo, Diagnostic, EnforcementLevel, LaunchOptions, NotApplicable, PolicyInfo,
    RemediateResult, Remediation, Severity, StackContext,
} from "./pack";
export { PolicyConfigError, reconcilePolicyConfig } from "./config";
export type { PolicyConfigFile, PolicyConfigInput, ReconciledConfig, ReconcileOptions } from "./config";
export { captureProgram, ProgramFailedError, ProgramInputError, StackSelectionError, UnsupportedRuntimeError } from "./capture";
export type { CapturedProgram, CaptureOptions, ProgramFailure } from "./capture";
export { renderPolicySection, replayProgram } from "./replay";
export type { ReplayedDiagnostic, ReplayResult, ShownDiagnostic } from "./replay";
export { ARCHIVE_SIG, ASSET_SIG, SECRET_SIG, SIG_KEY, UNKNOWN, secret } from "./wire";
export type { WireProps, WireProvider, WireResource, WireValue } from "./wire";
export { awsProvider, defaultAwsProvider, KMS_KEY, resource, SSE_C_KEY, T, urnOf } from "./resources";
export type { AwsProviderOptions } from "./resources";
