# Source-only example (no plan.json): provider arguments built by templates, functions and
# conditionals, which plan JSON records only by their references. Scanned as a directory, each is
# evaluated: the OTC endpoint comes from the templated auth_url and region, the aws endpoints from
# a local and a conditional.
terraform {
  required_providers {
    aws              = { source = "hashicorp/aws", version = "~> 6.0" }
    opentelekomcloud = { source = "opentelekomcloud/opentelekomcloud", version = "~> 1.36" }
  }
}

variable "region" {
  default = "eu-de"
}

variable "use_tls" {
  type    = bool
  default = false
}

locals {
  obs_host = "obs.${var.region}.otc.t-systems.com"
  scheme   = var.use_tls ? "https" : "http"
}

provider "opentelekomcloud" {
  auth_url    = "https://iam.${var.region}.otc.t-systems.com/v3"
  region      = var.region
  tenant_name = "${var.region}_obs-demo"
}

# http unless use_tls is set: mandatory for SSE-KMS uploads.
provider "aws" {
  alias                       = "obs"
  region                      = var.region
  skip_credentials_validation = true
  skip_region_validation      = true
  skip_requesting_account_id  = true
  endpoints {
    s3 = format("%s://%s", local.scheme, local.obs_host)
  }
}

resource "opentelekomcloud_obs_bucket_object" "report" {
  bucket     = "obs-sse-tf-source"
  key        = "reports/2024.csv"
  content    = "quarter,revenue\nQ1,100\n"
  encryption = true
  kms_key_id = "4f1cd4de-ab64-4807-920a-47fc42e7f0d0"
}

resource "aws_s3_object" "upload" {
  provider               = aws.obs
  bucket                 = "obs-sse-tf-source"
  key                    = "upload.txt"
  content                = "hello\n"
  server_side_encryption = "aws:kms"
  kms_key_id             = "arn:aws:kms:${var.region}:0123456789:key/4f1cd4de-ab64-4807-920a-47fc42e7f0d0"
}
