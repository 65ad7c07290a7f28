variable "bucket" {}

resource "aws_s3_object" "archived" {
  bucket                 = var.bucket
  key                    = "archived.txt"
  content                = "hello\n"
  server_side_encryption = "aws:kms"
}
