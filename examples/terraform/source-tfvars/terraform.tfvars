obs_endpoint = "https://obs.eu-de.otc.t-systems.com"
kms_key_id   = "arn:aws:kms:eu-de:0123456789:key/4f1cd4de-ab64-4807-920a-47fc42e7f0d0"
objects = {
  "a.txt" = "alpha"
}
