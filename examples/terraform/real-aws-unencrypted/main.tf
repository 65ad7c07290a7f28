# Unencrypted objects on real AWS: no endpoint override, so nothing here talks to OBS and the
# checker reports nothing (exit 0).
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 6.0" }
  }
}

provider "aws" {
  region = "eu-central-1"
}

resource "aws_s3_bucket" "logs" {
  bucket = "tf-example-logs"
}

resource "aws_s3_object" "readme" {
  bucket  = aws_s3_bucket.logs.bucket
  key     = "README.txt"
  content = "plain\n"
}
