// Measures obs-sse-check on a generated Terraform repository read without a plan: 1,000 `.tf`
// files of 10 resource instances each (10,000 instances) in the root module and nine local
// modules, with variables, tfvars, locals, templates, function calls, count, for_each, dynamic
// blocks and aliased providers passed through `providers = {...}`. Wall time of the whole command
// (node start-up, parsing, evaluating, checking, writing the report), its CPU time (which other
// load on the machine does not inflate) and its peak RSS, against the goal of < 10 s and < 1 GiB.
//   node bin/bench/terraformSource.js              # 1,000 files; markdown table on stdout
//   node bin/bench/terraformSource.js 200 1000     # other file counts (10 instances per file)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { measureChecked, tableHead, tableRow } from "./measureCommand";

const GOAL = { files: 1_000, seconds: 10, bytes: 1024 ** 3 };
const MODULES = 9;
const KMS = "arn:aws:kms:eu-de:0123456789:key/4f1cd4de-ab64-4807-920a-47fc42e7f0d0";

/** One file of 10 resource instances; `n` makes its names unique within the module. */
function resourceFile(n: number): string {
    const provider = n % 3 === 0 ? "aws.second" : "aws";
    return `locals {
  prefix_${n} = format("bench-%s-%04d", var.env, ${n})
  tags_${n}   = merge(var.tags, { file = "${n}" })
}

resource "aws_s3_bucket" "b${n}" {
  provider = ${provider}
  bucket   = local.prefix_${n}
  tags     = local.tags_${n}
}

resource "aws_s3_bucket_server_side_encryption_configuration" "sse${n}" {
  provider = ${provider}
  bucket   = aws_s3_bucket.b${n}.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key
    }
  }
}

resource "aws_s3_object" "o${n}" {
  count                  = 3
  provider               = ${provider}
  bucket                 = aws_s3_bucket.b${n}.id
  key                    = "\${local.prefix_${n}}/\${count.index}.txt"
  content                = "hello"
  server_side_encryption = count.index == 0 ? "AES256" : "aws:kms"
  kms_key_id             = count.index == 0 ? null : var.kms_key
}

resource "aws_s3_object" "e${n}" {
  for_each               = toset(["a", "b", "c"])
  provider               = ${provider}
  bucket                 = aws_s3_bucket.b${n}.id
  key                    = lower("\${local.prefix_${n}}/\${each.key}.TXT")
  content                = "hello"
  server_side_encryption = lookup({ a = "aws:kms", b = "AES256" }, each.key, "aws:kms")
}

resource "aws_s3_object_copy" "c${n}" {
  provider               = ${provider}
  bucket                 = aws_s3_bucket.b${n}.id
  key                    = "copy.txt"
  source                 = "\${local.prefix_${n}}/0.txt"
  server_side_encryption = "aws:kms"
}

resource "aws_s3_bucket_policy" "p${n}" {
  provider = ${provider}
  bucket   = aws_s3_bucket.b${n}.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [for s in ["Deny"] : {
      Effect    = s
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["arn:aws:s3:::\${local.prefix_${n}}", "arn:aws:s3:::\${local.prefix_${n}}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
`;
}

const VARIABLES = `variable "env" {
  type = string
}

variable "kms_key" {
  type      = string
  sensitive = true
}

variable "tags" {
  type    = map(string)
  default = {}
}
`;

/** Writes the repository: root main.tf, terraform.tfvars and resource files; nine modules of the rest. */
export function generateRepository(dir: string, files: number): void {
    const perModule = Math.floor(files / (MODULES + 1));
    const rootFiles = files - perModule * MODULES;
    const moduleCalls = Array.from(
        { length: MODULES },
        (_, m) => `module "m${m}" {
  source  = "./modules/m${m}"
  env     = "\${var.env}-m${m}"
  kms_key = var.kms_key
  tags    = { module = "m${m}" }
  providers = {
    aws        = ${m % 2 === 0 ? "aws.obs_http" : "aws.obs_https"}
    aws.second = aws.obs_https
  }
}
`,
    ).join("\n");
    const provider = (alias: string | undefined, endpoint: string) => `provider "aws" {
${alias ? `  alias                       = "${alias}"\n` : ""}  region                      = var.region
  skip_credentials_validation = true
  endpoints {
    s3 = ${endpoint}
  }
}
`;
    mkdirSync(dir, { recursive: true });
    writeFileSync(
        path.join(dir, "main.tf"),
        `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 6.0" }
  }
}

${VARIABLES}
variable "region" {
  default = "eu-de"
}

locals {
  obs_host = "obs.\${var.region}.otc.t-systems.com"
}

${provider(undefined, '"https://${local.obs_host}"')}
${provider("second", '"https://${local.obs_host}"')}
${provider("obs_http", '"http://${local.obs_host}"')}
${provider("obs_https", 'format("https://%s", local.obs_host)')}
${moduleCalls}`,
    );
    writeFileSync(path.join(dir, "terraform.tfvars"), `env = "bench"\nkms_key = "${KMS}"\n`);
    for (let i = 0; i < rootFiles; i++) writeFileSync(path.join(dir, `r${i}.tf`), resourceFile(i));
    for (let m = 0; m < MODULES; m++) {
        const moduleDir = path.join(dir, "modules", `m${m}`);
        mkdirSync(moduleDir, { recursive: true });
        writeFileSync(
            path.join(moduleDir, "variables.tf"),
            `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", configuration_aliases = [aws.second] }
  }
}

${VARIABLES}`,
        );
        for (let i = 0; i < perModule; i++) writeFileSync(path.join(moduleDir, `r${i}.tf`), resourceFile(i));
    }
}

function main(): number {
    const sizes = process.argv
        .slice(2)
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0);
    const dir = mkdtempSync(path.join(tmpdir(), "obs-sse-tfsource-bench-"));
    const lines = [...tableHead([".tf files", "resource instances"])];
    let failed = false;
    try {
        for (const files of sizes.length > 0 ? sizes : [GOAL.files]) {
            const repo = path.join(dir, `repo-${files}`);
            generateRepository(repo, files);
            for (const format of ["text", "json", "sarif"]) {
                const m = measureChecked(repo, format, dir);
                lines.push(tableRow([files.toLocaleString("en-US"), (files * 10).toLocaleString("en-US")], format, m));
                if (files >= GOAL.files && (m.seconds >= GOAL.seconds || m.maxRssKiB * 1024 >= GOAL.bytes)) failed = true;
            }
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
    process.stdout.write(`${lines.join("\n")}\n`);
    if (failed) process.stderr.write(`goal missed: ${GOAL.files} files must take < ${GOAL.seconds} s and < 1 GiB\n`);
    return failed ? 1 : 0;
}

if (require.main === module) process.exit(main());
