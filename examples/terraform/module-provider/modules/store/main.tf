variable "bucket_name" {
  description = "Name of the bucket"
}

resource "aws_s3_bucket" "this" {
  bucket = var.bucket_name
}

# Bucket default SSE-KMS: objects without their own encryption inherit it.
resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "arn:aws:kms:eu-de:0123456789:key/4f1cd4de-ab64-4807-920a-47fc42e7f0d0"
    }
  }
}

# No encryption of its own: SSE-KMS by the bucket default, uploaded over http.
resource "aws_s3_object" "doc" {
  bucket  = aws_s3_bucket.this.id
  key     = "doc.txt"
  content = "hello\n"
}

module "nested" {
  source = "./nested"
  bucket = aws_s3_bucket.this.id
}
