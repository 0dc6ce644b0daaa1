variable "name" {
  description = "Name of the IAM role."
  type        = string

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,64}$", var.name))
    error_message = "name must be 1-64 characters of letters, digits and +=,.@_- (IAM role name rules)."
  }
}

variable "description" {
  description = "What the role is for; shown in the IAM console."
  type        = string
}

variable "oidc_provider_arn" {
  description = "ARN of the cluster's IAM OIDC provider (IRSA)."
  type        = string
}

variable "oidc_issuer_url" {
  description = "Issuer URL of the cluster's OIDC provider, with or without https://."
  type        = string
}

variable "namespace" {
  description = "Kubernetes namespace of the service account allowed to assume the role."
  type        = string
}

variable "service_account" {
  description = "Name of the Kubernetes service account allowed to assume the role."
  type        = string
}

variable "inline_policies" {
  description = "Inline IAM policy documents (JSON) by name, with exactly what the workload needs. The names must be known at plan time; the documents may not be."
  type        = map(string)
  default     = {}
}

variable "managed_policy_arns" {
  description = "AWS managed policies to attach, for workloads whose documented policy is a managed one (e.g. the VPC CNI)."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags added to the role."
  type        = map(string)
  default     = {}
}
