import { it } from "vitest";
import * as path from "node:path";
import { loadConfig } from "../../cli/config";
import { checkSourceInput } from "../../cli/terraform/source/check";
const EX = path.resolve(__dirname, "../../examples/terraform");
it("p", async () => {
  const config = loadConfig(undefined);
  for (const name of ["sensitive-customer-key"]) {
    const r = await checkSourceInput(path.join(EX, name), config, { cwd: EX, env: {} });
    for (const f of r.report.findings) console.log(name, f.policy, f.enforcementLevel, f.resource, JSON.stringify(f.location), JSON.stringify(f.fix));
  }
});
