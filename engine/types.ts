// Types shared by the engine's pack client (pack.ts) and its config reconciliation (config.ts),
// here so that neither module imports the other.
import type { EnforcementLevel } from "./requests";

export type { EnforcementLevel };
export type Severity = "" | "low" | "medium" | "high" | "critical";

export interface PolicyInfo {
    name: string;
    displayName: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    tags: string[];
    remediationSteps: string;
    url: string;
    policyType: "resource" | "stack" | "unknown";
    configSchema?: { properties: Record<string, unknown>; required: string[] };
}

export interface AnalyzerInfo {
    name: string;
    displayName: string;
    version: string;
    supportsConfig: boolean;
    description: string;
    policies: PolicyInfo[];
}
