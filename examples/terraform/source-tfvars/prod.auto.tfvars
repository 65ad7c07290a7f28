# Read after terraform.tfvars: its values win.
obs_endpoint = "http://obs.eu-de.otc.t-systems.com"
objects = {
  "a.txt" = "alpha"
  "b.txt" = "beta"
}
