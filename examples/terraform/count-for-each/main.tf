# Instances of count and for_each: each is judged and named by its own address
# (aws_s3_object.many[0], aws_s3_object.by_name["alpha"]).
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 6.0" }
  }
}

provider "aws" {
  alias                       = "obs"
  region                      = "eu-de"
  skip_credentials_validation = true
  skip_region_validation      = true
  skip_requesting_account_id  = true
  endpoints {
    s3 = "http://obs.eu-de.otc.t-systems.com"
  }
}

locals {
  names = toset(["alpha", "beta"])
}

resource "aws_s3_object" "many" {
  count                  = 2
  provider               = aws.obs
  bucket                 = "obs-sse-tf-instances"
  key                    = "many/${count.index}.txt"
  content                = "hello\n"
  server_side_encryption = "aws:kms"
}

resource "aws_s3_object" "by_name" {
  for_each               = local.names
  provider               = aws.obs
  bucket                 = "obs-sse-tf-instances"
  key                    = "named/${each.key}.txt"
  content                = "hello\n"
  server_side_encryption = "aws:kms"
}
