variable "name" {
  description = "Prefix for the names of everything this module creates, e.g. dhakacart-production."
  type        = string
}

variable "cluster_name" {
  description = "EKS cluster that will use the subnets; they are tagged so its load balancers find them."
  type        = string
}

variable "vpc_cidr" {
  description = "IPv4 range of the VPC; a /16 leaves room for one /19 of pod and node addresses per zone."
  type        = string

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && tonumber(split("/", var.vpc_cidr)[1]) <= 18
    error_message = "vpc_cidr must be an IPv4 CIDR block of /18 or larger, e.g. 10.40.0.0/16."
  }
}

variable "availability_zones" {
  description = "Availability zones to spread the subnets over: one public and one private subnet in each."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) >= 3 && length(var.availability_zones) <= 7 && length(distinct(var.availability_zones)) == length(var.availability_zones)
    error_message = "availability_zones must list 3 to 7 distinct zones, so losing one zone leaves the rest serving."
  }
}

variable "single_nat_gateway" {
  description = "Use one NAT gateway for all zones (cheaper, for non-production) instead of one per zone (a zone outage then cuts every zone's egress)."
  type        = bool
  default     = false
}

variable "flow_log_retention_days" {
  description = "Days to keep VPC flow logs in CloudWatch Logs."
  type        = number
  default     = 365
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
