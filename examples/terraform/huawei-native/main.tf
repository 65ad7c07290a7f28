# Huawei Cloud through its native provider, with the OBS endpoint set over plain http.
terraform {
  required_providers {
    huaweicloud = { source = "huaweicloud/huaweicloud", version = "~> 1.70" }
  }
}

provider "huaweicloud" {
  region = "ap-southeast-1"
  endpoints = {
    obs = "http://obs.ap-southeast-1.myhuaweicloud.com"
  }
}

resource "huaweicloud_obs_bucket" "data" {
  bucket        = "obs-sse-tf-huawei"
  encryption    = true
  sse_algorithm = "kms"
  kms_key_id    = "4f1cd4de-ab64-4807-920a-47fc42e7f0d0"
}

resource "huaweicloud_obs_bucket_object" "doc" {
  bucket     = huaweicloud_obs_bucket.data.bucket
  key        = "doc.txt"
  content    = "hello\n"
  encryption = true
}
