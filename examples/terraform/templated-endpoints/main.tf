# Provider arguments written as templates around variables, the common pattern of public OTC
# configurations. Plan JSON records such an argument only by its references ("var.region"), the
# same as for `var.region` alone or `format("%s", var.region)`, so the checker cannot know its
# value: each provider below whose OBS endpoint depends on one is reported once, at advisory.
# Only an endpoint whose variable holds an absolute http:// or https:// URL is read, and then only
# its scheme and host (no template around the URL can change them).
terraform {
  required_providers {
    aws              = { source = "hashicorp/aws", version = "~> 6.0" }
    opentelekomcloud = { source = "opentelekomcloud/opentelekomcloud", version = "~> 1.36" }
  }
}

variable "region" {
  default = "eu-de"
}

variable "obs_host" {
  default = "obs.eu-de.otc.t-systems.com"
}

variable "obs_http" {
  default = "http://obs.eu-de.otc.t-systems.com"
}

variable "obs_https" {
  default = "https://obs.eu-de.otc.t-systems.com"
}

# auth_url, region and tenant_name are all built from var.region: the endpoint cannot be known
# (advisory on the provider, not a mandatory "no scheme" finding on every object).
provider "opentelekomcloud" {
  auth_url    = "https://iam.${var.region}.otc.t-systems.com/v3"
  region      = var.region
  tenant_name = "${var.region}_obs-demo"
}

# A plain-http endpoint the plan cannot show: unknown (advisory on the provider), never read as a
# scheme-less host.
provider "aws" {
  alias                       = "host_template"
  region                      = "eu-de"
  skip_credentials_validation = true
  skip_region_validation      = true
  skip_requesting_account_id  = true
  endpoints {
    s3 = "http://${var.obs_host}"
  }
}

# The variable holds an absolute http:// URL: scheme and host are taken from it (mandatory).
provider "aws" {
  alias                       = "http_var"
  region                      = "eu-de"
  skip_credentials_validation = true
  skip_region_validation      = true
  skip_requesting_account_id  = true
  endpoints {
    s3 = var.obs_http
  }
}

# The variable holds an absolute https:// URL, with a path appended by the template: passes.
provider "aws" {
  alias                       = "https_var"
  region                      = "eu-de"
  skip_credentials_validation = true
  skip_region_validation      = true
  skip_requesting_account_id  = true
  endpoints {
    s3 = "${var.obs_https}/"
  }
}

resource "opentelekomcloud_obs_bucket_object" "report" {
  bucket     = "obs-sse-tf-templated"
  key        = "reports/2024.csv"
  content    = "quarter,revenue\nQ1,100\n"
  encryption = true
  kms_key_id = "4f1cd4de-ab64-4807-920a-47fc42e7f0d0"
}

resource "aws_s3_object" "via_host_template" {
  provider               = aws.host_template
  bucket                 = "obs-sse-tf-templated"
  key                    = "host-template.txt"
  content                = "hello\n"
  server_side_encryption = "aws:kms"
  kms_key_id             = "arn:aws:kms:eu-de:0123456789:key/4f1cd4de-ab64-4807-920a-47fc42e7f0d0"
}

resource "aws_s3_object" "via_http_var" {
  provider               = aws.http_var
  bucket                 = "obs-sse-tf-templated"
  key                    = "http-var.txt"
  content                = "hello\n"
  server_side_encryption = "aws:kms"
  kms_key_id             = "arn:aws:kms:eu-de:0123456789:key/4f1cd4de-ab64-4807-920a-47fc42e7f0d0"
}

resource "aws_s3_object" "via_https_var" {
  provider               = aws.https_var
  bucket                 = "obs-sse-tf-templated"
  key                    = "https-var.txt"
  content                = "hello\n"
  server_side_encryption = "aws:kms"
  kms_key_id             = "arn:aws:kms:eu-de:0123456789:key/4f1cd4de-ab64-4807-920a-47fc42e7f0d0"
}
