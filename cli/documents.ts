// JSON inputs of obs-sse-check: which document a file is (a Terraform plan, a Terraform state, a
// Pulumi stack export), told from its content, and the reader that checks each kind.
import type { CheckConfig } from "./config";
import { InputError } from "./inputError";
import type { InputReport } from "./report";
import { holdsTerraformFiles } from "./input";
import { isRecord, planOf, readJsonInput, wholeDocumentOf } from "./terraform/plan";
import { sourceDirOf, type TerraformSourceOptions } from "./terraform/source/options";
import { loadModule } from "./load";
import type * as PulumiStackExportModule from "./pulumi/stackExport";
import type * as TerraformStateModule from "./terraform/state";
import type * as TerraformSourceCheckModule from "./terraform/source/check";
import type * as TerraformBackendModule from "./terraform/backend";
import type * as TerraformCheckModule from "./terraform/check";

export type DocumentKind =
    /** `terraform show -json <planfile>` */
    | "terraform-plan"
    /** `terraform show -json` of a state (format_version and values, no resource_changes) */
    | "terraform-state-json"
    /** a raw state file (terraform.tfstate, version 4) */
    | "terraform-state-file"
    /** `pulumi stack export` (deployment version 3 or 4) */
    | "pulumi-stack-export";

/** The kind of a parsed JSON document, or undefined when it is none that the command reads. */
export function documentKind(doc: unknown): DocumentKind | undefined {
    if (!isRecord(doc)) return undefined;
    if (typeof doc.version === "number" && isRecord(doc.deployment)) return "pulumi-stack-export";
    // Version 4 has lineage and resources; versions 1 to 3 (Terraform 0.11 and older) have modules instead.
    if (typeof doc.version === "number" && (typeof doc.lineage === "string" || Array.isArray(doc.resources) || Array.isArray(doc.modules)))
        return "terraform-state-file";
    if (typeof doc.format_version === "string") {
        if ("resource_changes" in doc || "planned_values" in doc || "configuration" in doc) return "terraform-plan";
        if ("values" in doc || Object.keys(doc).every((k) => k === "format_version" || k === "terraform_version"))
            return "terraform-state-json";
    }
    return undefined;
}

export interface DocumentCheck {
    readonly report: InputReport;
    readonly warnings: string[];
}

/**
 * A JSON input, its kind told from its content. A plan's resource changes are left to be parsed one
 * by one as they are read (see resourceChangesOf); any other document is parsed whole, as its
 * reader expects, from the text already read.
 */
function readDocument(input: string): { doc: unknown; file: string; kind: DocumentKind | undefined } {
    const { doc, file } = readJsonInput(input, { changesOneByOne: true });
    const kind = documentKind(doc);
    return { doc: kind === "terraform-plan" ? doc : (wholeDocumentOf(doc) ?? doc), file, kind };
}

/**
 * Reads a JSON input, tells its kind from its content, and checks it with the reader of that kind.
 * `terraform` (the working directory, --source, the environment) lets a plan be read with its
 * configuration's source.
 */
export async function checkDocumentInput(input: string, config: CheckConfig, terraform?: TerraformSourceOptions): Promise<DocumentCheck> {
    const { doc, file, kind } = readDocument(input);
    switch (kind) {
        case "pulumi-stack-export": {
            const { checkStackExportDocument } = await loadModule<typeof PulumiStackExportModule>("./pulumi/stackExport.js");
            return { report: checkStackExportDocument(doc, input, file, config), warnings: [] };
        }
        case "terraform-state-json":
        case "terraform-state-file": {
            const { checkStateDocument } = await loadModule<typeof TerraformStateModule>("./terraform/state.js");
            // documentKind found an object.
            const state = doc as Record<string, unknown>;
            const form = kind === "terraform-state-file" ? "file" : "show-json";
            // A state holds no provider configuration: the configuration's .tf files (--source, or
            // the state file's own directory, where a local backend keeps it) tell it.
            const sourceDir = terraform && sourceDirOf(input, terraform, holdsTerraformFiles);
            if (terraform && sourceDir !== undefined) {
                const { sourceProviders } = await loadModule<typeof TerraformSourceCheckModule>("./terraform/source/check.js");
                const source = await sourceProviders(sourceDir, config, terraform);
                if (source.providers !== undefined) {
                    const checked = checkStateDocument(state, form, file, input, config, {
                        providerConfigs: source.providers,
                        sourceShown: source.shown,
                    });
                    return { report: checked.report, warnings: [...source.warnings, ...checked.warnings] };
                }
                const checked = checkStateDocument(state, form, file, input, config);
                return { report: checked.report, warnings: [...source.warnings, ...checked.warnings] };
            }
            return checkStateDocument(state, form, file, input, config);
        }
        default: {
            // A plan, or a document that is none of the kinds: planOf says what is wrong with it.
            const { plan, warnings } = planOf(doc, file);
            const sourceDir = terraform && sourceDirOf(input, terraform, holdsTerraformFiles);
            if (terraform && sourceDir !== undefined) {
                const { checkPlanWithSource } = await loadModule<typeof TerraformSourceCheckModule>("./terraform/source/check.js");
                const checked = await checkPlanWithSource(plan, input, config, sourceDir, terraform);
                // Plan JSON does not carry the state backend; the configuration it is read with does.
                const { withBackend } = await loadModule<typeof TerraformBackendModule>("./terraform/backend.js");
                let report = checked.report;
                try {
                    report = await withBackend(
                        checked.report,
                        sourceDir,
                        terraform.backendConfigs ?? [],
                        config,
                        terraform.cwd,
                        terraform.env,
                    );
                } catch (e) {
                    // As for the configuration itself: a directory named by --source must be readable; the plan's own is skipped.
                    if (!(e instanceof InputError) || terraform.source !== undefined) throw e;
                    checked.warnings.push(`the state backend of the plan's configuration was not judged: ${e.message}`);
                }
                return { report, warnings: [...warnings, ...checked.warnings] };
            }
            const { checkPlanDocument } = await loadModule<typeof TerraformCheckModule>("./terraform/check.js");
            return { report: checkPlanDocument(plan, input, config), warnings };
        }
    }
}
