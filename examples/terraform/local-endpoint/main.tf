# The endpoint is a local value: plan JSON does not record locals, so the checker cannot know it
# and says so at advisory. --config can name it: {"obs-sse-check": {"providerEndpoints": {"aws.obs": "..."}}}.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 6.0" }
  }
}

locals {
  obs_endpoint = "http://obs.eu-de.otc.t-systems.com"
}

provider "aws" {
  alias                       = "obs"
  region                      = "eu-de"
  skip_credentials_validation = true
  skip_region_validation      = true
  skip_requesting_account_id  = true
  endpoints {
    s3 = local.obs_endpoint
  }
}

resource "aws_s3_object" "doc" {
  provider               = aws.obs
  bucket                 = "obs-sse-tf-local"
  key                    = "doc.txt"
  content                = "hello\n"
  server_side_encryption = "aws:kms"
  kms_key_id             = "arn:aws:kms:eu-de:0123456789:key/4f1cd4de-ab64-4807-920a-47fc42e7f0d0"
}
