variable "name" {
  description = "Prefix for names, e.g. dhakacart-production."
  type        = string
}

variable "bucket_name" {
  description = "Name of the backup bucket; null derives <name>-backups-<account id> (bucket names are global)."
  type        = string
  default     = null

  validation {
    condition     = var.bucket_name == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit."
  }
}

variable "transition_to_infrequent_access_days" {
  description = "Days after which backups move to S3 Standard-IA."
  type        = number
  default     = 30

  validation {
    condition     = var.transition_to_infrequent_access_days >= 30
    error_message = "transition_to_infrequent_access_days must be at least 30 (the S3 minimum for Standard-IA)."
  }
}

variable "transition_to_glacier_days" {
  description = "Days after which backups move to S3 Glacier Flexible Retrieval."
  type        = number
  default     = 90
}

variable "expiration_days" {
  description = "Days after which backups are deleted (the current version; older versions follow noncurrent_expiration_days)."
  type        = number
  default     = 365

  validation {
    condition     = var.transition_to_infrequent_access_days + 30 <= var.transition_to_glacier_days && var.transition_to_glacier_days < var.expiration_days
    error_message = "Backups must spend 30 days in Standard-IA before Glacier and reach Glacier before they expire: transition_to_infrequent_access_days + 30 <= transition_to_glacier_days < expiration_days."
  }
}

variable "noncurrent_expiration_days" {
  description = "Days an overwritten or deleted backup version is kept before it is removed for good."
  type        = number
  default     = 90
}

variable "access_log_expiration_days" {
  description = "Days to keep the bucket's S3 server access logs."
  type        = number
  default     = 365
}

variable "oidc_provider_arn" {
  description = "ARN of the cluster's IAM OIDC provider, for the backup job's IRSA role."
  type        = string
}

variable "oidc_issuer_url" {
  description = "Issuer URL of the cluster's OIDC provider."
  type        = string
}

variable "backup_job_namespace" {
  description = "Namespace of the service account that writes logical backups (pg_dump) to the bucket."
  type        = string
}

variable "backup_job_service_account" {
  description = "Service account that writes logical backups (pg_dump) to the bucket."
  type        = string
  default     = "db-backup"
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
