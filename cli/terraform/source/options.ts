// What reading Terraform source takes from the command line, kept apart from the reader so that
// the command decides whether a plan has a source without loading the HCL parser.
import * as path from "node:path";
import type { VariableSetting } from "../../args";

/** What reading Terraform source takes from the command line and its environment. */
export interface TerraformSourceOptions {
    readonly cwd: string;
    readonly env: Readonly<Record<string, string | undefined>>;
    /** --var and --var-file, in command-line order. */
    readonly variables?: readonly VariableSetting[];
    /** --source DIR, for plans. */
    readonly source?: string;
    /** --no-source: plans are read alone. */
    readonly noSource?: boolean;
    /** --backend-config, for the backend "s3" of the configuration a plan is read with. */
    readonly backendConfigs?: readonly string[];
}

/** The configuration directory a plan is read with: --source, else the plan file's directory when it holds .tf files. */
export function sourceDirOf(
    input: string,
    options: TerraformSourceOptions,
    holdsTerraformFiles: (dir: string) => boolean,
): string | undefined {
    if (options.source !== undefined) return path.resolve(options.cwd, options.source);
    if (input === "-" || options.noSource === true) return undefined;
    const dir = path.dirname(path.resolve(options.cwd, input));
    return holdsTerraformFiles(dir) ? dir : undefined;
}
