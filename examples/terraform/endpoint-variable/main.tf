# Endpoints from variables: the root provider's from var.obs_endpoint (terraform.tfvars sets it
# to https, overriding the default), and a provider block inside a module whose endpoint is the
# module's var.endpoint, passed from the root's var.legacy_endpoint (its http default).
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 6.0" }
  }
}

variable "obs_endpoint" {
  description = "OBS endpoint (terraform.tfvars sets https)"
  default     = "http://obs.eu-de.otc.t-systems.com"
}

variable "legacy_endpoint" {
  default = "http://obs.eu-de.otc.t-systems.com"
}

provider "aws" {
  alias                       = "obs"
  region                      = "eu-de"
  skip_credentials_validation = true
  skip_region_validation      = true
  skip_requesting_account_id  = true
  endpoints {
    s3 = var.obs_endpoint
  }
}

resource "aws_s3_object" "report" {
  provider               = aws.obs
  bucket                 = "obs-sse-tf-variable"
  key                    = "report.txt"
  content                = "hello\n"
  server_side_encryption = "aws:kms"
  kms_key_id             = "arn:aws:kms:eu-de:0123456789:key/4f1cd4de-ab64-4807-920a-47fc42e7f0d0"
}

module "legacy" {
  source   = "./modules/legacy"
  endpoint = var.legacy_endpoint
}
