# A partial backend configuration: the endpoint and the encryption come from a file given to
# terraform init -backend-config=obs.s3.tfbackend, and to obs-sse-check --backend-config the same
# way. Judged with the file: http:// with SSE-KMS, mandatory.
terraform {
  backend "s3" {
    bucket = "tf-state"
    key    = "prod/terraform.tfstate"
  }
}
