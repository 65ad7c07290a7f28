# Aliased aws providers: the default one talks to AWS, two aliases talk to OBS (eu-de), one of
# them over plain http with path-style addressing.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 6.0" }
  }
}

provider "aws" {
  region = "eu-central-1"
}

provider "aws" {
  alias                       = "obs_http"
  region                      = "eu-de"
  skip_credentials_validation = true
  skip_region_validation      = true
  skip_requesting_account_id  = true
  s3_use_path_style           = true
  endpoints {
    s3 = "http://obs.eu-de.otc.t-systems.com"
  }
}

provider "aws" {
  alias                       = "obs"
  region                      = "eu-de"
  skip_credentials_validation = true
  skip_region_validation      = true
  skip_requesting_account_id  = true
  endpoints {
    s3 = "https://obs.eu-de.otc.t-systems.com"
  }
}

# On AWS: not OBS, never judged.
resource "aws_s3_object" "on_aws" {
  bucket                 = "tf-example-on-aws"
  key                    = "a.txt"
  content                = "on AWS\n"
  server_side_encryption = "aws:kms"
}

# SSE-KMS over http: refused by the matrix (mandatory).
resource "aws_s3_object" "kms_over_http" {
  provider               = aws.obs_http
  bucket                 = "obs-sse-tf-aliased"
  key                    = "http/kms.txt"
  content                = "hello\n"
  server_side_encryption = "aws:kms"
  kms_key_id             = "arn:aws:kms:eu-de:0123456789:key/4f1cd4de-ab64-4807-920a-47fc42e7f0d0"
}

# SSE-KMS over https, SigV4: allowed.
resource "aws_s3_object" "kms_over_https" {
  provider               = aws.obs
  bucket                 = "obs-sse-tf-aliased"
  key                    = "https/kms.txt"
  content                = "hello\n"
  server_side_encryption = "aws:kms"
  kms_key_id             = "arn:aws:kms:eu-de:0123456789:key/4f1cd4de-ab64-4807-920a-47fc42e7f0d0"
}
