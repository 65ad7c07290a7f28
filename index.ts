// The only module that constructs the PolicyPack: constructing it starts the analyzer's gRPC
// server and prints its port, which is what `pulumi preview --policy-pack` waits for.
import { PolicyPack } from "@pulumi/policy";
import { inTerms, packModeOf, packTermsOf } from "./policies/packMode";
import { policies } from "./policies/registry";
import { keepSecretMarks } from "./policies/sdkSecrets";

// Before the server starts: the pack must see which inputs are secret (policies/sdkSecrets.ts).
keepSecretMarks();

// A deployment's findings say what resources would do; a state's, what the deployed ones do (policies/packMode.ts).
const packTerms = packTermsOf(packModeOf(process.env));

new PolicyPack("obs-sse", {
    description:
        "OBS server-side encryption rules (transfer protocol and signature per interface) for Open Telekom Cloud and Huawei Cloud.",
    displayName: "OBS server-side encryption",
    policies: policies.map((p) => inTerms(p, packTerms)),
});
