variable "cluster_name" {
  description = "Name of the EKS cluster."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{0,99}$", var.cluster_name))
    error_message = "cluster_name must start with a letter and hold up to 100 letters, digits and hyphens."
  }
}

variable "kubernetes_version" {
  description = "Kubernetes minor version of the control plane and the nodes, e.g. 1.33."
  type        = string

  validation {
    condition     = can(regex("^1\\.[0-9]{2}$", var.kubernetes_version))
    error_message = "kubernetes_version must be a minor version such as 1.33."
  }
}

variable "vpc_id" {
  description = "VPC the cluster and its nodes live in."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets, one per availability zone: the control plane's network interfaces and every node group go here."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 3
    error_message = "private_subnet_ids must hold at least 3 subnets (one per zone) so the nodes survive a zone outage."
  }
}

variable "endpoint_public_access" {
  description = "Also expose the Kubernetes API endpoint on the internet (to the CIDRs in endpoint_public_access_cidrs only). Off: the API is reachable from inside the VPC only."
  type        = bool
  default     = false
}

variable "endpoint_public_access_cidrs" {
  description = "Addresses allowed to reach the public API endpoint when endpoint_public_access is on."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for cidr in var.endpoint_public_access_cidrs : can(cidrhost(cidr, 0)) && cidr != "0.0.0.0/0"])
    error_message = "endpoint_public_access_cidrs must be valid IPv4 CIDR blocks, and 0.0.0.0/0 (the whole internet) is not allowed."
  }
}

variable "log_retention_days" {
  description = "Days to keep the control plane logs (api, audit, authenticator, controllerManager, scheduler)."
  type        = number
  default     = 365
}

variable "node_groups" {
  description = "Managed node groups by name. Each spans every private subnet; the cluster autoscaler moves desired_size between min_size and max_size."
  type = map(object({
    instance_types = list(string)
    capacity_type  = optional(string, "ON_DEMAND")
    min_size       = number
    max_size       = number
    desired_size   = number
    disk_size_gib  = optional(number, 50)
    labels         = optional(map(string), {})
  }))

  validation {
    condition     = length(var.node_groups) > 0 && alltrue([for group in values(var.node_groups) : group.min_size <= group.desired_size && group.desired_size <= group.max_size && group.min_size >= 0])
    error_message = "node_groups must hold at least one group, each with 0 <= min_size <= desired_size <= max_size."
  }

  validation {
    condition     = alltrue([for group in values(var.node_groups) : contains(["ON_DEMAND", "SPOT"], group.capacity_type)])
    error_message = "capacity_type must be ON_DEMAND or SPOT."
  }
}

variable "admin_principal_arns" {
  description = "IAM roles or users given cluster-admin through EKS access entries, by a name that is known at plan time (e.g. { platform-team = \"arn:aws:iam::...:role/...\" })."
  type        = map(string)
  default     = {}
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
