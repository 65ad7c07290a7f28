# Terraform state on OBS over https://, encrypted with SSE-KMS: every matrix row the backend's
# requests use is met (HTTPS, SigV4). No findings.
terraform {
  backend "s3" {
    bucket     = "tf-state"
    key        = "prod/terraform.tfstate"
    region     = "eu-de"
    endpoints  = { s3 = "https://obs.eu-de.otc.t-systems.com" }
    encrypt    = true
    kms_key_id = "4f1cd4de-ab64-4807-920a-47fc42e7f0d0"

    skip_credentials_validation = true
    skip_region_validation      = true
    skip_requesting_account_id  = true
    skip_metadata_api_check     = true
    skip_s3_checksum            = true
  }
}
