variable "name" {
  description = "Prefix for the role names, e.g. dhakacart-production."
  type        = string
}

variable "repository" {
  description = "GitHub repository allowed to assume the roles, as owner/name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.repository))
    error_message = "repository must be owner/name, e.g. acme/dhakacart."
  }
}

variable "main_branch" {
  description = "Branch whose workflows may assume the CI role (ECR push, terraform plan)."
  type        = string
  default     = "main"
}

variable "deploy_environment" {
  description = "GitHub environment whose jobs may assume the deploy role (terraform apply, kubectl); give it required reviewers."
  type        = string
  default     = "production"
}

variable "existing_oidc_provider_arn" {
  description = "ARN of an IAM OIDC provider for token.actions.githubusercontent.com that already exists in the account (there can be only one); null creates it."
  type        = string
  default     = null
}

variable "ecr_repository_arns" {
  description = "ECR repositories the CI role may push to."
  type        = list(string)
}

variable "state_bucket_name" {
  description = "S3 bucket holding the terraform state (for the plan's lock file)."
  type        = string
}

variable "state_key" {
  description = "Key of the state object in the state bucket."
  type        = string
}

variable "state_kms_key_arn" {
  description = "KMS key of the state bucket when it uses SSE-KMS with a customer-managed key; null otherwise."
  type        = string
  default     = null
}

variable "plan_readable_secret_arns" {
  description = "Secrets terraform manages a version of; refreshing them during plan calls GetSecretValue."
  type        = list(string)
  default     = []
}

variable "plan_readable_secret_kms_key_arn" {
  description = "KMS key of plan_readable_secret_arns; null when the list is empty."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
