# An SSE-C copy whose key comes from a sensitive variable, through a provider with literal
# credentials. Plan JSON holds all three in clear text; no output of the checker may show them.
# The values in plan.json are planted markers, not real keys.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 6.0" }
  }
}

variable "ssec_key" {
  type      = string
  sensitive = true
}

provider "aws" {
  alias                       = "obs"
  region                      = "eu-de"
  access_key                  = "AKIAPLANTEDACCESSKEY01"
  secret_key                  = "PLANTED/provider/secret/key/0001"
  skip_credentials_validation = true
  skip_region_validation      = true
  skip_requesting_account_id  = true
  endpoints {
    s3 = "http://obs.eu-de.otc.t-systems.com"
  }
}

resource "aws_s3_object_copy" "ssec" {
  provider           = aws.obs
  bucket             = "obs-sse-tf-ssec"
  key                = "copy.txt"
  source             = "obs-sse-tf-ssec/plain.txt"
  customer_algorithm = "AES256"
  customer_key       = var.ssec_key
}
