# No provider block and no `providers` argument: inherits aws.obs from module.store.
variable "bucket" {}

resource "aws_s3_object" "note" {
  bucket                 = var.bucket
  key                    = "nested/note.txt"
  content                = "hello\n"
  server_side_encryption = "aws:kms"
}
