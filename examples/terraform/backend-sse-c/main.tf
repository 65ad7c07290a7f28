# State encrypted with SSE-C over plain http://: the backend sends the customer key in the request
# headers of every state write and read (PUT Object, HEAD Object, GET Object), in clear text.
# Mandatory twice: the matrix rows need HTTPS, and the key would travel unprotected. The key below
# is a planted marker (44 base64 characters, as Terraform requires); no output may contain it.
terraform {
  backend "s3" {
    bucket           = "tf-state"
    key              = "prod/terraform.tfstate"
    region           = "eu-de"
    endpoints        = { s3 = "http://obs.eu-de.otc.t-systems.com" }
    encrypt          = true
    sse_customer_key = "UExBTlRFRC1TU0VDLUtFWS1NQVJLRVItMDAwMDAwMDA="

    skip_credentials_validation = true
    skip_region_validation      = true
    skip_requesting_account_id  = true
    skip_metadata_api_check     = true
  }
}
