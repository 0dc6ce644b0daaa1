variable "name" {
  description = "Prefix for names, e.g. dhakacart-production."
  type        = string
}

variable "database_secret_arn" {
  description = "ARN of the secret RDS keeps the database master credentials in."
  type        = string
}

variable "oidc_provider_arn" {
  description = "ARN of the cluster's IAM OIDC provider."
  type        = string
}

variable "oidc_issuer_url" {
  description = "Issuer URL of the cluster's OIDC provider."
  type        = string
}

variable "backend_namespace" {
  description = "Namespace of the backend's service account."
  type        = string
}

variable "backend_service_account" {
  description = "Service account the backend pods (and whatever syncs their secrets) run as."
  type        = string
}

variable "jwt_secret_version" {
  description = "Bump to write a new random JWT_SECRET (signs every user out); terraform never stores the value."
  type        = number
  default     = 1

  validation {
    condition     = var.jwt_secret_version >= 1 && floor(var.jwt_secret_version) == var.jwt_secret_version
    error_message = "jwt_secret_version must be a whole number of at least 1."
  }
}

variable "recovery_window_days" {
  description = "Days a deleted secret can still be restored."
  type        = number
  default     = 30

  validation {
    condition     = var.recovery_window_days >= 7 && var.recovery_window_days <= 30
    error_message = "recovery_window_days must be between 7 and 30."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
