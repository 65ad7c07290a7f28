# Open Telekom Cloud through its native provider. The OBS endpoint is the identity catalog's
# entry for eu-de (https://obs.eu-de.otc.t-systems.com); obs_* resources use the native OBS API,
# s3_* resources the S3-compatible API.
terraform {
  required_providers {
    opentelekomcloud = { source = "opentelekomcloud/opentelekomcloud", version = "~> 1.36" }
  }
}

variable "otc_access_key" {
  sensitive = true
}

variable "otc_secret_key" {
  sensitive = true
}

provider "opentelekomcloud" {
  auth_url    = "https://iam.eu-de.otc.t-systems.com/v3"
  region      = "eu-de"
  tenant_name = "eu-de_obs-demo"
  domain_name = "OTC-EU-DE-00000000001000000000"
  access_key  = var.otc_access_key
  secret_key  = var.otc_secret_key
}

resource "opentelekomcloud_obs_bucket" "data" {
  bucket = "obs-sse-tf-otc-data"
  server_side_encryption {
    algorithm  = "kms"
    kms_key_id = "4f1cd4de-ab64-4807-920a-47fc42e7f0d0"
  }
}

resource "opentelekomcloud_obs_bucket_object" "report" {
  bucket     = opentelekomcloud_obs_bucket.data.bucket
  key        = "reports/2024.csv"
  content    = "quarter,revenue\nQ1,100\n"
  encryption = true
  kms_key_id = "4f1cd4de-ab64-4807-920a-47fc42e7f0d0"
}

resource "opentelekomcloud_s3_bucket" "legacy" {
  bucket = "obs-sse-tf-otc-legacy"
}

# AES256 (SSE-S3) is not accepted by OTC's S3-compatible API (mandatory).
resource "opentelekomcloud_s3_bucket_object" "legacy_doc" {
  bucket                 = opentelekomcloud_s3_bucket.legacy.bucket
  key                    = "doc.txt"
  content                = "legacy\n"
  server_side_encryption = "AES256"
}
