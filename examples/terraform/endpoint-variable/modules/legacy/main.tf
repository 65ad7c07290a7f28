# A module with its own provider block (the legacy pattern): plan JSON keys it "module.legacy:aws".
variable "endpoint" {}

provider "aws" {
  region                      = "eu-de"
  skip_credentials_validation = true
  skip_region_validation      = true
  skip_requesting_account_id  = true
  endpoints {
    s3 = var.endpoint
  }
}

resource "aws_s3_object" "old" {
  bucket                 = "obs-sse-tf-variable"
  key                    = "legacy/old.txt"
  content                = "hello\n"
  server_side_encryption = "aws:kms"
  kms_key_id             = "arn:aws:kms:eu-de:0123456789:key/4f1cd4de-ab64-4807-920a-47fc42e7f0d0"
}
