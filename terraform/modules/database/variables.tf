variable "identifier" {
  description = "RDS instance identifier, e.g. dhakacart-production."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,62}$", var.identifier)) && !endswith(var.identifier, "-") && !strcontains(var.identifier, "--")
    error_message = "identifier must start with a letter and hold up to 63 lowercase letters, digits and single hyphens, not ending in a hyphen."
  }
}

variable "vpc_id" {
  description = "VPC of the database."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets, one per availability zone, for the DB subnet group (the standby goes to another zone than the primary)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids must hold at least 2 subnets in different zones for Multi-AZ."
  }
}

variable "allowed_security_group_id" {
  description = "The only security group allowed to connect on 5432: the cluster nodes' security group."
  type        = string
}

variable "postgres_major_version" {
  description = "PostgreSQL major version; RDS picks the newest minor and upgrades minors in the maintenance window."
  type        = string
  default     = "16"

  validation {
    condition     = contains(["15", "16", "17"], var.postgres_major_version)
    error_message = "postgres_major_version must be 15, 16 or 17."
  }
}

variable "instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.m6g.large"

  validation {
    condition     = startswith(var.instance_class, "db.")
    error_message = "instance_class must be an RDS instance class such as db.m6g.large."
  }
}

variable "allocated_storage_gib" {
  description = "Initial storage in GiB."
  type        = number
  default     = 50

  validation {
    condition     = var.allocated_storage_gib >= 20
    error_message = "allocated_storage_gib must be at least 20 (the gp3 minimum)."
  }
}

variable "max_allocated_storage_gib" {
  description = "Ceiling for storage autoscaling in GiB; RDS grows the volume up to this when it runs low."
  type        = number
  default     = 500
}

variable "database_name" {
  description = "Name of the database the shop uses."
  type        = string
  default     = "dhakacart"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must start with a letter and hold up to 63 lowercase letters, digits and underscores."
  }
}

variable "master_username" {
  description = "Name of the master user; its password is generated and rotated by RDS in Secrets Manager."
  type        = string
  default     = "dhakacart_admin"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.master_username)) && !contains(["admin", "postgres", "rdsadmin"], var.master_username)
    error_message = "master_username must start with a letter, hold lowercase letters, digits and underscores, and not be a reserved name (admin, postgres, rdsadmin)."
  }
}

variable "master_user_secret_kms_key_arn" {
  description = "KMS key that encrypts the Secrets Manager secret holding the master credentials."
  type        = string
}

variable "backup_retention_days" {
  description = "Days of automated backups kept; point-in-time recovery reaches back this far."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_days >= 7 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 7 (the shop's minimum) and 35 (the RDS maximum)."
  }
}

variable "backup_window" {
  description = "Daily UTC window for automated backups; the default is 00:00-01:00 in Dhaka (UTC+6), the quietest hour."
  type        = string
  default     = "18:00-19:00"
}

variable "maintenance_window" {
  description = "Weekly UTC window for minor upgrades and patches (Monday 01:30-02:30 Dhaka time by default); must not overlap the backup window."
  type        = string
  default     = "sun:19:30-sun:20:30"
}

variable "log_retention_days" {
  description = "Days to keep the PostgreSQL logs exported to CloudWatch Logs."
  type        = number
  default     = 365
}

variable "slow_query_ms" {
  description = "Statements running at least this long are logged with their duration."
  type        = number
  default     = 500
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
