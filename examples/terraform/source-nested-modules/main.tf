# Source-only example (no plan.json): nested local modules with aliased providers. The root
# passes aws.https as the app's default and aws.http as its aws.legacy; the app passes its
# aws.legacy on to module "store" (two instances by for_each) as that module's default.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 6.0" }
  }
}

provider "aws" {
  alias                       = "https"
  region                      = "eu-de"
  skip_credentials_validation = true
  skip_region_validation      = true
  skip_requesting_account_id  = true
  endpoints {
    s3 = "https://obs.eu-de.otc.t-systems.com"
  }
}

provider "aws" {
  alias                       = "http"
  region                      = "eu-de"
  skip_credentials_validation = true
  skip_region_validation      = true
  skip_requesting_account_id  = true
  endpoints {
    s3 = "http://obs.eu-de.otc.t-systems.com"
  }
}

module "app" {
  source = "./modules/app"
  prefix = "obs-sse-tf-nested"
  providers = {
    aws        = aws.https
    aws.legacy = aws.http
  }
}
