obs_endpoint = "https://obs.eu-de.otc.t-systems.com"
