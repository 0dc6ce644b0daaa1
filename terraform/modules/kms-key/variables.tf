variable "alias" {
  description = "Alias of the key without the alias/ prefix, e.g. dhakacart-production-rds."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_-]+$", var.alias)) && !startswith(var.alias, "aws/")
    error_message = "alias may hold letters, digits, '/', '_' and '-' only, and must not start with the reserved prefix aws/."
  }
}

variable "description" {
  description = "What the key protects; shown in the KMS console."
  type        = string
}

variable "cloudwatch_logs_service" {
  description = "Let CloudWatch Logs in this region use the key for log groups of this account (needed to encrypt log groups)."
  type        = bool
  default     = false
}

variable "deletion_window_in_days" {
  description = "Days a scheduled deletion waits before the key is gone; data encrypted with it is unreadable afterwards."
  type        = number
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "deletion_window_in_days must be between 7 and 30 (the range KMS accepts)."
  }
}

variable "tags" {
  description = "Tags added to the key."
  type        = map(string)
  default     = {}
}
