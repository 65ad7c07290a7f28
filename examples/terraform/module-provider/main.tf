# A module that receives the OBS provider through `providers = { ... }`, and a module nested in
# it that inherits that provider implicitly. Plan JSON links both modules' resources to the root
# key "aws.obs" (module proxies are not listed in provider_config).
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 6.0" }
  }
}

provider "aws" {
  alias                       = "obs"
  region                      = "eu-de"
  skip_credentials_validation = true
  skip_region_validation      = true
  skip_requesting_account_id  = true
  endpoints {
    s3 = "http://obs.eu-de.otc.t-systems.com"
  }
}

module "store" {
  source      = "./modules/store"
  bucket_name = "obs-sse-tf-module"
  providers = {
    aws = aws.obs
  }
}
