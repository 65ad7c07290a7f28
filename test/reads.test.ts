import { describe, expect, it } from "vitest";
import { readPackages, typesRead } from "../policies/reads";
import { policies } from "../policies/registry";
import { copySourcePolicy } from "../policies/rules/copySource";
import { secureTransportPolicy } from "../policies/rules/secureTransportPolicy";
import { transferProtocolPolicy } from "../policies/rules/transferProtocol";
import { virtualHostedStylePolicy } from "../policies/rules/virtualHostedStyle";
import { packageOf } from "../policies/wireValues";
import { renderReadsTable } from "../scripts/policyDocs";

describe("what each policy reads, declared in its own metadata", () => {
    it.each(policies.map((p) => [p.name, p] as const))("%s says what it reads, matching the kind of policy it is", (_name, p) => {
        expect(["resources", "providers", "stack"]).toContain(p.reads.kind);
        // A stack policy reads stack roles; a resource policy reads resources or providers.
        expect(p.reads.kind === "stack").toBe("validateStack" in p);
        expect(typesRead(p.reads).length).toBeGreaterThan(0);
    });

    it("comes from the readers: every native token is listed under its provider package", () => {
        expect(readPackages()).toEqual(["aws", "opentelekomcloud", "huaweicloud"]);
        const transfer = typesRead(transferProtocolPolicy.reads);
        expect(transfer).toContain("opentelekomcloud:index/obsBucketObject:ObsBucketObject");
        expect(transfer).toContain("huaweicloud:Obs/bucketObject:BucketObject");
        expect(transfer).not.toContain("opentelekomcloud:index/obsBucketPolicy:ObsBucketPolicy");
        const tls = typesRead(secureTransportPolicy.reads);
        for (const t of [
            "opentelekomcloud:index/obsBucketPolicy:ObsBucketPolicy",
            "opentelekomcloud:index/s3BucketPolicy:S3BucketPolicy",
            "huaweicloud:Obs/bucketPolicy:BucketPolicy",
            "huaweicloud:index/obsBucketPolicy:ObsBucketPolicy",
            "aws:s3/bucketPolicy:BucketPolicy",
        ])
            expect(tls).toContain(t);
        expect(typesRead(virtualHostedStylePolicy.reads).map(packageOf)).toEqual(["aws", "opentelekomcloud", "huaweicloud"]);
        // A stack policy reads only the types of its roles: the copy rule reads no bucket policy.
        expect(typesRead(copySourcePolicy.reads)).not.toContain("aws:s3/bucketPolicy:BucketPolicy");
        expect(typesRead(copySourcePolicy.reads)).toContain("aws:s3/objectCopy:ObjectCopy");
    });

    it("renders one row per policy with a cell per provider package", () => {
        const lines = renderReadsTable().split("\n");
        expect(lines[0]).toBe("| policy | `aws` | `opentelekomcloud` | `huaweicloud` |");
        expect(lines).toHaveLength(policies.length + 2);
        expect(lines.find((l) => l.startsWith("| `obs-sse-transfer-protocol`"))).toContain("`Obs.BucketObject`, `ObsBucketObject`");
        expect(lines.find((l) => l.startsWith("| `obs-virtual-hosted-style`"))).toBe(
            "| `obs-virtual-hosted-style` | `Provider` | `Provider` | `Provider` |",
        );
    });
});

describe("packageOf: the package of a type token", () => {
    it.each([
        ["aws:s3/bucket:Bucket", "aws"],
        ["pulumi:providers:aws", "aws"],
        ["pulumi:providers:huaweicloud", "huaweicloud"],
        ["huaweicloud:Obs/bucketObject:BucketObject", "huaweicloud"],
        ["opentelekomcloud:index/obsBucket:ObsBucket", "opentelekomcloud"],
    ])("%s is in package %s", (type, pkg) => {
        expect(packageOf(type)).toBe(pkg);
    });
});
