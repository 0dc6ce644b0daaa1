#!/usr/bin/env bash
# Prints terraform-outputs.env for the aws overlay from the outputs of the Terraform root module.
# Usage: k8s/overlays/aws/terraform-outputs.sh TERRAFORM_DIR > k8s/overlays/aws/terraform-outputs.env
# PUBLIC_HOST is not Terraform's: it is the shop's DNS name, taken from $PUBLIC_HOST (or the host part
# of $PUBLIC_URL, the deploy workflow's variable).
set -euo pipefail
dir=${1:?usage: terraform-outputs.sh TERRAFORM_DIR}

public_host=${PUBLIC_HOST:-${PUBLIC_URL:-}}
public_host=${public_host#*://}
public_host=${public_host%%/*}
if [ -z "$public_host" ]; then
  echo "terraform-outputs.sh: set PUBLIC_HOST (or PUBLIC_URL) to the shop's DNS name, e.g. shop.example.com" >&2
  exit 2
fi

# KEY (what the overlay reads) <- terraform output (what Terraform writes). Each read is its own
# statement so that a missing output stops the script instead of printing an empty value.
printf 'PUBLIC_HOST=%s\n' "$public_host"
while read -r key output; do
  value=$(terraform -chdir="$dir" output -raw "$output" </dev/null)
  printf '%s=%s\n' "$key" "$value"
done <<'MAPPING'
AWS_REGION region
DATABASE_HOST database_host
DATABASE_SECRET_ARN database_secret_arn
JWT_SECRET_ARN jwt_secret_arn
BACKEND_IRSA_ROLE_ARN backend_irsa_role_arn
MAPPING
