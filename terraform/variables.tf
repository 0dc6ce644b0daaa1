# ---------------------------------------------------------------------------------------------
# Where and what
# ---------------------------------------------------------------------------------------------

variable "region" {
  description = "AWS region of everything. Singapore (ap-southeast-1) is the closest region to Dhaka with three availability zones."
  type        = string
  default     = "ap-southeast-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-(central|north|south|east|west|northeast|northwest|southeast|southwest)-[0-9]$", var.region))
    error_message = "region must be an AWS region code such as ap-southeast-1."
  }
}

variable "name" {
  description = "Name of the system; with environment it prefixes every resource name (dhakacart-production-...)."
  type        = string
  default     = "dhakacart"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}$", var.name))
    error_message = "name must start with a lowercase letter and hold 2-20 lowercase letters, digits and hyphens."
  }
}

variable "environment" {
  description = "Environment name, e.g. production or staging."
  type        = string
  default     = "production"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,15}$", var.environment))
    error_message = "environment must start with a lowercase letter and hold 2-16 lowercase letters and digits."
  }
}

variable "tags" {
  description = "Extra tags for every resource (added to Project, Environment and ManagedBy)."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------------------------

variable "availability_zones" {
  description = "Availability zones to spread subnets, nodes and the database standby over; at least three, so losing one zone leaves two serving."
  type        = list(string)
  default     = ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"]

  validation {
    condition     = length(var.availability_zones) >= 3 && length(distinct(var.availability_zones)) == length(var.availability_zones)
    error_message = "availability_zones must list at least 3 distinct zones."
  }

  validation {
    condition     = alltrue([for zone in var.availability_zones : can(regex("^${var.region}[a-z]$", zone))])
    error_message = "Every availability zone must belong to the region (e.g. ap-southeast-1a for ap-southeast-1)."
  }
}

variable "vpc_cidr" {
  description = "IPv4 range of the VPC."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && tonumber(split("/", var.vpc_cidr)[1]) <= 18
    error_message = "vpc_cidr must be an IPv4 CIDR block of /18 or larger, e.g. 10.40.0.0/16."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones instead of one per zone: cheaper for non-production, but a zone outage then cuts every zone's internet egress."
  type        = bool
  default     = false
}

variable "log_retention_days" {
  description = "Days to keep CloudWatch logs (VPC flow logs, EKS control plane, PostgreSQL)."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts, e.g. 30, 90, 365 or 731."
  }
}

# ---------------------------------------------------------------------------------------------
# Kubernetes (EKS)
# ---------------------------------------------------------------------------------------------

variable "kubernetes_version" {
  description = "Kubernetes minor version of the EKS control plane and nodes."
  type        = string
  default     = "1.33"

  validation {
    condition     = can(regex("^1\\.[0-9]{2}$", var.kubernetes_version))
    error_message = "kubernetes_version must be a minor version such as 1.33."
  }
}

variable "cluster_endpoint_public_access" {
  description = "Expose the Kubernetes API on the internet as well, to cluster_endpoint_public_access_cidrs only. Off (the default): reachable from inside the VPC only (VPN, bastion or CI runners in the VPC)."
  type        = bool
  default     = false
}

variable "cluster_endpoint_public_access_cidrs" {
  description = "Addresses allowed to reach the public API endpoint, e.g. the office and the CI runners' egress."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for cidr in var.cluster_endpoint_public_access_cidrs : can(cidrhost(cidr, 0)) && cidr != "0.0.0.0/0"])
    error_message = "cluster_endpoint_public_access_cidrs must be IPv4 CIDR blocks, and never 0.0.0.0/0."
  }

  validation {
    condition     = !var.cluster_endpoint_public_access || length(var.cluster_endpoint_public_access_cidrs) > 0
    error_message = "cluster_endpoint_public_access needs at least one CIDR in cluster_endpoint_public_access_cidrs; the API is never open to the whole internet."
  }
}

variable "node_groups" {
  description = "Managed node groups by name; each spans the private subnets of every zone and is resized by the cluster autoscaler between min_size and max_size."
  type = map(object({
    instance_types = list(string)
    capacity_type  = optional(string, "ON_DEMAND")
    min_size       = number
    max_size       = number
    desired_size   = number
    disk_size_gib  = optional(number, 50)
    labels         = optional(map(string), {})
  }))
  default = {
    general = {
      instance_types = ["m6i.large", "m5.large"]
      min_size       = 3
      max_size       = 9
      desired_size   = 3
    }
  }

  validation {
    condition     = length(var.node_groups) > 0 && alltrue([for group in values(var.node_groups) : group.min_size <= group.desired_size && group.desired_size <= group.max_size])
    error_message = "node_groups must hold at least one group, each with min_size <= desired_size <= max_size."
  }

  validation {
    condition     = alltrue([for group in values(var.node_groups) : group.min_size >= length(var.availability_zones)])
    error_message = "Each node group's min_size must be at least the number of availability zones, so every zone always has a node."
  }
}

variable "cluster_admin_principal_arns" {
  description = "IAM roles (or users) given cluster-admin through EKS access entries, by a name, e.g. { platform-team = \"arn:aws:iam::123456789012:role/PlatformAdmin\" }. The GitHub deploy role is added automatically when github_repository is set."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for arn in values(var.cluster_admin_principal_arns) : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/.+$", arn))])
    error_message = "cluster_admin_principal_arns values must be IAM role or user ARNs."
  }
}

variable "app_namespace" {
  description = "Kubernetes namespace of the shop (k8s/ manifests use dhakacart)."
  type        = string
  default     = "dhakacart"
}

variable "backend_service_account" {
  description = "Service account of the backend pods; only it may assume the backend's IRSA role."
  type        = string
  default     = "backend"
}

variable "backup_job_service_account" {
  description = "Service account of the database backup CronJob; only it may assume the backup IRSA role."
  type        = string
  default     = "db-backup"
}

variable "jwt_secret_version" {
  description = "Bump to have terraform write a new random JWT_SECRET (signs every user out; restart the backend after the apply)."
  type        = number
  default     = 1

  validation {
    condition     = var.jwt_secret_version >= 1 && floor(var.jwt_secret_version) == var.jwt_secret_version
    error_message = "jwt_secret_version must be a whole number of at least 1."
  }
}

# ---------------------------------------------------------------------------------------------
# Database (RDS PostgreSQL)
# ---------------------------------------------------------------------------------------------

variable "db_instance_class" {
  description = "RDS instance class of the primary (the Multi-AZ standby is the same class)."
  type        = string
  default     = "db.m6g.large"

  validation {
    condition     = startswith(var.db_instance_class, "db.")
    error_message = "db_instance_class must be an RDS instance class such as db.m6g.large."
  }
}

variable "db_postgres_major_version" {
  description = "PostgreSQL major version (the lab runs 16 locally)."
  type        = string
  default     = "16"

  validation {
    condition     = contains(["15", "16", "17"], var.db_postgres_major_version)
    error_message = "db_postgres_major_version must be 15, 16 or 17."
  }
}

variable "db_allocated_storage_gib" {
  description = "Initial database storage in GiB."
  type        = number
  default     = 50

  validation {
    condition     = var.db_allocated_storage_gib >= 20
    error_message = "db_allocated_storage_gib must be at least 20."
  }
}

variable "db_max_allocated_storage_gib" {
  description = "Ceiling for RDS storage autoscaling in GiB."
  type        = number
  default     = 500

  validation {
    condition     = var.db_max_allocated_storage_gib >= var.db_allocated_storage_gib
    error_message = "db_max_allocated_storage_gib must be at least db_allocated_storage_gib."
  }
}

variable "db_name" {
  description = "Name of the shop's database."
  type        = string
  default     = "dhakacart"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.db_name))
    error_message = "db_name must start with a letter and hold lowercase letters, digits and underscores."
  }
}

variable "db_master_username" {
  description = "Master user of the database; RDS generates its password into Secrets Manager and rotates it."
  type        = string
  default     = "dhakacart_admin"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.db_master_username)) && !contains(["admin", "postgres", "rdsadmin"], var.db_master_username)
    error_message = "db_master_username must start with a letter, hold lowercase letters, digits and underscores, and not be admin, postgres or rdsadmin."
  }
}

variable "db_backup_retention_days" {
  description = "Days of automated RDS backups, and so how far back point-in-time recovery reaches."
  type        = number
  default     = 7

  validation {
    condition     = var.db_backup_retention_days >= 7 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be between 7 (the shop's recovery requirement) and 35 (the RDS maximum)."
  }
}

# ---------------------------------------------------------------------------------------------
# Backups (S3)
# ---------------------------------------------------------------------------------------------

variable "backup_bucket_name" {
  description = "Name of the backup bucket; null derives <name>-<environment>-backups-<account id>."
  type        = string
  default     = null
}

variable "backup_expiration_days" {
  description = "Days a backup object is kept (it moves to Standard-IA after 30 days and Glacier after 90)."
  type        = number
  default     = 365

  validation {
    condition     = var.backup_expiration_days > 90
    error_message = "backup_expiration_days must be more than 90, after the move to Glacier."
  }
}

# ---------------------------------------------------------------------------------------------
# CI/CD (GitHub Actions through OIDC)
# ---------------------------------------------------------------------------------------------

variable "github_repository" {
  description = "GitHub repository (owner/name) whose workflows get the CI and deploy roles; null creates neither."
  type        = string
  default     = null

  validation {
    condition     = var.github_repository == null || can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be owner/name, e.g. acme/dhakacart, or null."
  }
}

variable "github_existing_oidc_provider_arn" {
  description = "ARN of the account's existing IAM OIDC provider for token.actions.githubusercontent.com; null creates one."
  type        = string
  default     = null
}

variable "state_bucket_name" {
  description = "Bucket of the terraform state (the one in backend.hcl); the CI role may take the plan's lock in it. Required with github_repository."
  type        = string
  default     = null

  validation {
    condition     = var.github_repository == null || var.state_bucket_name != null
    error_message = "state_bucket_name is required when github_repository is set (the CI role's terraform plan must lock the state)."
  }
}

variable "state_key" {
  description = "Key of the state object; must equal key in backend.tf."
  type        = string
  default     = "dhakacart/production/terraform.tfstate"
}

variable "state_kms_key_arn" {
  description = "Customer-managed KMS key of the state bucket, if it has one; null otherwise."
  type        = string
  default     = null
}
