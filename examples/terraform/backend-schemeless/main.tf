# The deprecated endpoint argument without a scheme, as older OTC guides and community examples
# write it. Terraform 1.5 and earlier (AWS SDK for Go v1) send it over https://; Terraform 1.6.0
# refuses it at init; 1.6.1 and later warn ("Complete URL Expected") and their AWS SDK for Go v2
# refuses it before sending any request. Without .terraform/terraform.tfstate the version is not
# known: advisory (no request goes over HTTP in any version), with the https:// URL to write.
terraform {
  backend "s3" {
    bucket     = "tf-state"
    key        = "prod/terraform.tfstate"
    region     = "eu-de"
    endpoint   = "obs.eu-de.otc.t-systems.com"
    encrypt    = true
    kms_key_id = "4f1cd4de-ab64-4807-920a-47fc42e7f0d0"

    skip_credentials_validation = true
    skip_region_validation      = true
    skip_requesting_account_id  = true
    skip_metadata_api_check     = true
  }
}
