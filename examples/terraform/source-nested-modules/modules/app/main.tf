terraform {
  required_providers {
    aws = { source = "hashicorp/aws", configuration_aliases = [aws.legacy] }
  }
}

variable "prefix" {}

# Through the app's default provider (aws.https of the root): passes.
resource "aws_s3_object" "current" {
  bucket                 = "${var.prefix}-current"
  key                    = "current.txt"
  content                = "hello\n"
  server_side_encryption = "aws:kms"
}

# Through aws.legacy (aws.http of the root), twice.
module "store" {
  source   = "./store"
  for_each = toset(["eu", "us"])
  bucket   = "${var.prefix}-${each.key}"
  providers = {
    aws = aws.legacy
  }
}
