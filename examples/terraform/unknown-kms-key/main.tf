# kms_key_id is the ARN of a key created in the same run: unknown at plan time. As in a Pulumi
# preview, a set key id (known or not) means the provider sends aws:kms.
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

resource "aws_kms_key" "objects" {
  provider                = aws.obs
  description             = "key for the objects"
  deletion_window_in_days = 7
}

resource "aws_s3_object" "report" {
  provider   = aws.obs
  bucket     = "obs-sse-tf-unknown-key"
  key        = "report.txt"
  content    = "hello\n"
  kms_key_id = aws_kms_key.objects.arn
}
