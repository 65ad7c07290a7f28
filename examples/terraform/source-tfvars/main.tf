# Source-only example (no plan.json): variables without defaults, given by terraform.tfvars and
# overridden by prod.auto.tfvars (read after it); `--var` or `--var-file` would override both.
# The KMS key is sensitive: judged, never shown.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 6.0" }
  }
}

variable "obs_endpoint" {
  type = string
}

variable "kms_key_id" {
  type      = string
  sensitive = true
}

variable "objects" {
  type = map(string)
}

provider "aws" {
  region                      = "eu-de"
  skip_credentials_validation = true
  skip_region_validation      = true
  skip_requesting_account_id  = true
  endpoints {
    s3 = var.obs_endpoint
  }
}

resource "aws_s3_object" "doc" {
  for_each               = var.objects
  bucket                 = "obs-sse-tf-tfvars"
  key                    = each.key
  content                = each.value
  server_side_encryption = "aws:kms"
  kms_key_id             = var.kms_key_id
}
