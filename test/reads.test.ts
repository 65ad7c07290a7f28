import { describe, expect, it } from "vitest";
import { POLICY_READS, readPackages, typesRead } from "../policies/reads";
import { packageOf } from "../policies/wireValues";
import { policies } from "../policies/registry";
import { renderReadsTable } from "../scripts/policyDocs";

describe("what each policy reads, for the README", () => {
    it("every policy says what it reads, and nothing else is listed", () => {
        expect(Object.keys(POLICY_READS).sort()).toEqual(policies.map((p) => p.name).sort());
    });

    it("comes from the readers: every native token is listed under its provider package", () => {
        expect(readPackages()).toEqual(["aws", "opentelekomcloud", "huaweicloud"]);
        const transfer = typesRead(POLICY_READS["obs-sse-transfer-protocol"]);
        expect(transfer).toContain("opentelekomcloud:index/obsBucketObject:ObsBucketObject");
        expect(transfer).toContain("huaweicloud:Obs/bucketObject:BucketObject");
        expect(transfer).not.toContain("opentelekomcloud:index/obsBucketPolicy:ObsBucketPolicy");
        const tls = typesRead(POLICY_READS["obs-secure-transport-policy"]);
        for (const t of ["opentelekomcloud:index/obsBucketPolicy:ObsBucketPolicy", "opentelekomcloud:index/s3BucketPolicy:S3BucketPolicy", "huaweicloud:Obs/bucketPolicy:BucketPolicy", "huaweicloud:index/obsBucketPolicy:ObsBucketPolicy", "aws:s3/bucketPolicy:BucketPolicy"]) expect(tls).toContain(t);
        expect(typesRead(POLICY_READS["obs-virtual-hosted-style"]).map(packageOf)).toEqual(["aws", "opentelekomcloud", "huaweicloud"]);
    });

    it("renders one row per policy with a cell per provider package", () => {
        const lines = renderReadsTable().split("\n");
        expect(lines[0]).toBe("| policy | `aws` | `opentelekomcloud` | `huaweicloud` |");
        expect(lines).toHaveLength(policies.length + 2);
        expect(lines.find((l) => l.startsWith("| `obs-sse-transfer-protocol`"))).toContain("`Obs.BucketObject`, `ObsBucketObject`");
        expect(lines.find((l) => l.startsWith("| `obs-virtual-hosted-style`"))).toBe("| `obs-virtual-hosted-style` | `Provider` | `Provider` | `Provider` |");
    });
});
