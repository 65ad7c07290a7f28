# aws_s3_object.old was removed from this configuration: the plan deletes it (a DELETE Object,
# outside the matrix, not judged). aws_s3_object.kept is unchanged (no-op) and still judged: its
# configuration stays in force and every refresh reads the object.
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

resource "aws_s3_object" "kept" {
  provider               = aws.obs
  bucket                 = "obs-sse-tf-delete"
  key                    = "kept.txt"
  content                = "hello\n"
  server_side_encryption = "aws:kms"
  kms_key_id             = "arn:aws:kms:eu-de:0123456789:key/4f1cd4de-ab64-4807-920a-47fc42e7f0d0"
}
