# Credentials come from the environment (an SSO profile, or GitHub's OIDC role in CI); nothing
# here or in any .tfvars file carries keys.
provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}
