# Remote state in S3 with S3-native locking (a <key>.tflock object; no DynamoDB table needed since
# Terraform 1.10). The bucket is account-specific, so it is the one setting given at init time:
#
#   terraform init -backend-config=backend.hcl            # from backend.hcl.example
#   terraform init -backend-config="bucket=<state bucket>"
#
# The state bucket itself is created once by hand or by a bootstrap stack (versioned, SSE-KMS,
# public access blocked): a configuration cannot store its state in a bucket it creates.
terraform {
  backend "s3" {
    key          = "dhakacart/production/terraform.tfstate"
    region       = "ap-southeast-1"
    encrypt      = true
    use_lockfile = true
  }
}
